/** The control API (or its fail policy) refused this publish or play. */
export class AuthDeniedError extends Error {
  override readonly name = 'AuthDeniedError';
}

/** No such stream, and waiting for it did not help. */
export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
}

/** A publisher already holds this stream key. */
export class StreamBusyError extends Error {
  override readonly name = 'StreamBusyError';
}

/** The control API could not be asked and the fail policy is closed. */
export class PolicyUnavailableError extends Error {
  override readonly name = 'PolicyUnavailableError';
}

/** Bytes from a client broke the protocol; the session that sent them is closed. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}
