/**
 * The part of fetch that calls to user-set URLs (webhooks, decision URLs) use. The global fetch fits;
 * the Node entry passes one that connects only to the addresses it checked (pinned-fetch.node.ts).
 */
export type OutboundFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;
