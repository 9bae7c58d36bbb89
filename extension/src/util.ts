// Small helpers shared by the extension's files.

/** `promise`, or a rejection with `message` once `ms` milliseconds have passed without an answer. */
export function deadline<T>(promise: Thenable<T>, ms: number, message = `no answer within ${ms / 1000} s`): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeadlineError(message)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export class DeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeadlineError";
  }
}
