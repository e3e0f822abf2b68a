/** A refusal or problem the user can act on: the router shows its message ephemerally and logs nothing alarming. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
