import { z } from "zod";

/** Depop's opaque cursor as a URL parameter: a plausible one is passed on, anything else is no cursor. */
const cursor = z
  .string()
  .max(1024)
  .regex(/^[A-Za-z0-9+/=_.~-]+$/);
export const cursorParam = cursor.optional().catch(undefined);
// "!" stands for the first page in the trail: it has no cursor, and "!" is not a cursor character.
const FIRST_PAGE = "!";
const MAX_TRAIL_LENGTH = 2048;

/**
 * The dashboard's URL state: filter, sort, Depop's opaque cursor, and the trail of cursors that led here (so there
 * is a way back: Depop's cursors only go forward). Anything else is ignored.
 */
export const dashboardQuerySchema = z.object({
  state: z.enum(["all", "selling", "sold"]).catch("all"),
  sort: z.enum(["newest", "oldest"]).catch("newest"),
  cursor: cursorParam,
  trail: z
    .string()
    .max(MAX_TRAIL_LENGTH)
    .transform((value) => value.split(","))
    .pipe(z.array(z.union([z.literal(FIRST_PAGE), cursor])).max(200))
    .optional()
    .catch(undefined),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export function parseDashboardQuery(raw: Record<string, string | string[] | undefined>): DashboardQuery {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? undefined : value);
  const query = dashboardQuerySchema.parse({
    state: single(raw.state),
    sort: single(raw.sort),
    cursor: single(raw.cursor),
    trail: single(raw.trail),
  });
  // A trail only means something on a later page.
  return query.cursor ? query : { state: query.state, sort: query.sort };
}

/** The same query read from a URL's search string (a product page's `back` parameter). */
export function parseDashboardSearch(search: string | undefined): DashboardQuery {
  const params = new URLSearchParams(search && search.length <= MAX_TRAIL_LENGTH + 1200 ? search : "");
  return parseDashboardQuery(Object.fromEntries(params));
}

export function dashboardSearch(query: Partial<DashboardQuery>): string {
  const params = new URLSearchParams();
  if (query.state && query.state !== "all") params.set("state", query.state);
  if (query.sort && query.sort !== "newest") params.set("sort", query.sort);
  if (query.cursor) {
    params.set("cursor", query.cursor);
    if (query.trail?.length) params.set("trail", query.trail.join(","));
  }
  return params.toString();
}

export function dashboardHref(query: Partial<DashboardQuery>): string {
  const search = dashboardSearch(query);
  return search ? `/dashboard?${search}` : "/dashboard";
}

/** 1 for the first page, 2 for the one after it, … */
export function pageNumber(query: DashboardQuery): number {
  return query.cursor ? (query.trail?.length ?? 0) + 1 : 1;
}

/** The page after this one: its cursor, with this page added to the trail (oldest dropped past the limit). */
export function nextPageHref(query: DashboardQuery, next: string): string {
  const trail = [...(query.cursor ? (query.trail ?? []) : []), query.cursor ?? FIRST_PAGE];
  while (trail.join(",").length > MAX_TRAIL_LENGTH) trail.shift();
  return dashboardHref({ ...query, cursor: next, trail });
}

/** The page before this one, or null on the first page. */
export function previousPageHref(query: DashboardQuery): string | null {
  if (!query.cursor) return null;
  const trail = [...(query.trail ?? [])];
  const previous = trail.pop();
  if (previous === undefined || previous === FIRST_PAGE) return dashboardHref({ state: query.state, sort: query.sort });
  return dashboardHref({ ...query, cursor: previous, trail });
}
