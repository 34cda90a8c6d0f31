import type { Page, Route } from 'playwright-core';

/**
 * Holds every API call the page makes (preflights included) until `release()`: the
 * elements stay in their loading state for as long as the test needs.
 */
export async function holdApiCalls(
  page: Page,
  apiUrl: string,
): Promise<{ release(): Promise<void> }> {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const pattern = `${apiUrl}/v1/**`;
  const handler = async (route: Route) => {
    await opened;
    // The page may have cancelled the request meanwhile (an aborted load, a closed page).
    await route.continue().catch(() => undefined);
  };
  await page.route(pattern, handler);
  return {
    async release() {
      open();
      await page.unroute(pattern, handler);
    },
  };
}
