// Bad input that is the user's to fix (a frame range outside the clip, a track that does not exist, a
// refused output path): the command exits 2 with this one line, never a stack or a raw system error.
export class InputError extends Error {
  override name = 'InputError';
}
