// `npm run keys:rotate`: after putting a new key first in TOKEN_ENCRYPTION_KEY (new,old), re-encrypt every
// stored token pair under it; then the old key can be dropped from the variable.
import { reencryptConnections } from "../lib/connections";

reencryptConnections().then((result) => {
  console.log(
    `Re-encrypted ${result.reencrypted} connection(s); ${result.current} already used the current key; ` +
      `${result.unreadable} could not be opened with any configured key.`,
  );
  if (result.unreadable > 0) process.exitCode = 1;
});
