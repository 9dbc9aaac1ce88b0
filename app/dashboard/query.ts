import { z } from "zod";

/** Depop's opaque cursor as a URL parameter: a plausible one is passed on, anything else is no cursor. */
export const cursorParam = z
  .string()
  .max(1024)
  .regex(/^[A-Za-z0-9+/=_.~-]+$/)
  .optional()
  .catch(undefined);

/** The dashboard's URL state: filter, sort and Depop's opaque cursor. Anything else is ignored. */
export const dashboardQuerySchema = z.object({
  state: z.enum(["all", "selling", "sold"]).catch("all"),
  sort: z.enum(["newest", "oldest"]).catch("newest"),
  cursor: cursorParam,
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export function parseDashboardQuery(raw: Record<string, string | string[] | undefined>): DashboardQuery {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? undefined : value);
  return dashboardQuerySchema.parse({ state: single(raw.state), sort: single(raw.sort), cursor: single(raw.cursor) });
}

export function dashboardHref(query: Partial<DashboardQuery>): string {
  const params = new URLSearchParams();
  if (query.state && query.state !== "all") params.set("state", query.state);
  if (query.sort && query.sort !== "newest") params.set("sort", query.sort);
  if (query.cursor) params.set("cursor", query.cursor);
  const search = params.toString();
  return search ? `/dashboard?${search}` : "/dashboard";
}
