/** Limits from Discord's docs, which win over the OpenAPI document where they disagree (content: 2000, not 4000). */
export const MessageLimits = {
  content: 2000,
  actionRows: 5,
  rowButtons: 5,
  customId: 100,
  buttonLabel: 80,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  attachments: 10,
  v2Components: 40,
} as const;

export const MessageFlag = { Ephemeral: 64, Loading: 128, SuppressEmbeds: 4, ComponentsV2: 32768 } as const;
