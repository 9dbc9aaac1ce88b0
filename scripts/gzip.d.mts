import type { IncomingMessage, ServerResponse } from "node:http";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export const supported: boolean;
export function acceptsGzip(header: string | undefined): boolean;
export function withGzip(listener: Listener): Listener;
