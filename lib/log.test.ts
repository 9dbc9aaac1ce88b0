import { afterEach, describe, expect, it, vi } from "vitest";
import { log, redact } from "./log";

describe("the logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("redacts Depop tokens, bearer headers and secret parameters", () => {
    const text = redact(
      'token pat_4eea1fdb98106005fea67ed65138df69afa0e6aa refresh prt_26f4f74b761c83ef0d383bcfc419e114fd554331 key pak_08f6bce7 Authorization: Bearer abc.def {"client_secret":"s3cr3t"} /cb?code=AbC123&state=xyz code_verifier=vvkdljkejllufrvbhgeiegrnvufrhvrffnkvcknjvfid',
    );
    for (const secret of [
      "4eea1fdb98106005fea67ed65138df69afa0e6aa",
      "26f4f74b761c83ef0d383bcfc419e114fd554331",
      "08f6bce7",
      "abc.def",
      "s3cr3t",
      "AbC123",
      "xyz",
      "vvkdljkejllufrvbhgeiegrnvufrhvrffnkvcknjvfid",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("pat_[redacted]");
  });

  it("redacts what it is given as fields and errors", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => lines.push(line));
    log.error("refresh failed", {
      error: new Error("rejected prt_26f4f74b761c83ef0d383bcfc419e114fd554331"),
      code: "AbC",
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("26f4f74b761c83ef0d383bcfc419e114fd554331");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ level: "error", message: "refresh failed" });
  });
});
