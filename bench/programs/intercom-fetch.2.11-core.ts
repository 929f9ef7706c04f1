// The benchmarks' smallest program: the core client of Intercom 2.11 (`intercom-fetch/2.11/core`,
// no helpers) and one call, `GET /me`. Its bundle is what any program pays for the client itself;
// package.json's "size-limit" budget for it is checked by test/size.test.ts.
import { createIntercom } from "intercom-fetch/2.11/core";

export async function main(token: string) {
  const intercom = createIntercom({ token });
  const { data } = await intercom.GET("/me");
  return data?.email;
}
