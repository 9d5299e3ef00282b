import * as assert from 'node:assert/strict';
import { normaliseText, openWorkbench, screenshot, type Workbench } from './support/workbench';

describe('Lambda Stream in an untrusted workspace (Restricted Mode)', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench('restricted', { restricted: true });
  });

  after(async () => {
    await workbench?.close();
  });

  it("runs only the bundled samples, says why under Local, and offers to manage trust", async () => {
    const { page } = workbench;
    await page.locator('.activitybar .action-item a[aria-label^="Lambda Stream"]').click();
    const notice = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Restricted Mode' }).first();
    await notice.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(normaliseText(await notice.innerText()), /only the bundled samples run, not this workspace's handlers/);
    await screenshot(page, 'restricted-mode-local');

    await notice.click();
    // The click runs workbench.trust.manage: VS Code's Workspace Trust editor opens.
    await page.locator('.tabs-container .tab', { hasText: 'Workspace Trust' }).waitFor({ state: 'visible', timeout: 20_000 });
    const trustEditor = page.locator('.workspace-trust-editor');
    await trustEditor.waitFor({ state: 'visible' });
    await page.waitForTimeout(500);
    await screenshot(page, 'restricted-mode-manage-trust');
    assert.match(normaliseText(await trustEditor.innerText()), /Trusted Folders & Workspaces/);
  });
});
