export * from './discord.js';
export * from './interactions.js';
