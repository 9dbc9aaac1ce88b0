// `npm run keys:rotate`: after putting a new key first in TOKEN_ENCRYPTION_KEY (new,old), re-encrypt every
// stored token pair, webhook payload and order under it; then the old key can be dropped from the variable.
import { reencryptConnections } from "../lib/connections";
import { reencryptStoredData } from "../lib/orders";

async function main() {
  const tokens = await reencryptConnections();
  console.log(
    `Re-encrypted ${tokens.reencrypted} connection(s); ${tokens.current} already used the current key; ` +
      `${tokens.unreadable} could not be opened with any configured key.`,
  );
  const data = await reencryptStoredData();
  console.log(
    `Re-encrypted ${data.reencrypted} stored event payload(s) and order(s); ${data.current} already used the ` +
      `current key; ${data.unreadable} could not be opened with any configured key.`,
  );
  if (tokens.unreadable > 0 || data.unreadable > 0) process.exitCode = 1;
}

main();
