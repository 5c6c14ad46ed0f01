// Turns the worker's print messages into the user's onPrint calls.

// Not fatal: bytes that are not UTF-8 become U+FFFD, as the in-process engine delivers them.
const decoder = new TextDecoder('utf-8');

/** The supervisor's print handler for `onPrint`: every line arrives as text. */
export function printSink(onPrint: (text: string) => void): (data: string | Uint8Array) => void {
  return (data) => onPrint(typeof data === 'string' ? data : decoder.decode(data));
}
