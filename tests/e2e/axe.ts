/**
 * Accessibility check for every page and state a browser test visits:
 * axe-core (WCAG 2.1 A/AA rules) must find nothing critical or serious.
 * Call it after the screen reaches the state under test; `label` names the
 * state in the failure so a reader knows which screen broke.
 *
 * axe is injected through Playwright's evaluate (CDP), which the pages'
 * Content-Security-Policy does not block.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** What axe finds at the impacts that block (critical, serious), on the page or only within `within` (a CSS selector). */
export async function blockingA11yFindings(page: Page, within?: string): Promise<AxeFinding[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  const results = await (within ? builder.include(within) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/**
 * Fails the test, naming the state and every rule, when axe finds anything
 * critical or serious. `within` limits the check to one part of the page (a
 * dialog or section a spec adds to a screen another spec covers whole).
 */
export async function expectAccessible(page: Page, label: string, within?: string): Promise<void> {
  const findings = await blockingA11yFindings(page, within);
  expect(findings, `axe on ${label}: ${JSON.stringify(findings, null, 1)}`).toEqual([]);
}
