export const WARM_UP_HEADER: string;
export const WARM_UP_TOKEN: symbol;
export function warmUp(port: number, count: number, log?: (message: string) => void): Promise<void>;
