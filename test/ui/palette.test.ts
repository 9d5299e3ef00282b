import * as assert from 'node:assert/strict';
import { openWorkbench, runCommand, screenshot, waitForOutput, type Workbench } from './support/workbench';

describe('Lambda Stream in the workbench', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench('palette');
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the Lambda Stream view container with its Functions view', async () => {
    const { page } = workbench;
    await page.locator('.activitybar .action-item a[aria-label^="Lambda Stream"]').click();
    const header = page.locator('.part.sidebar .composite.title h2');
    await header.waitFor({ state: 'visible' });
    assert.match(await header.innerText(), /LAMBDA STREAM/i);
    // A container with a single view folds the view's header into the container title.
    assert.match(await header.innerText(), /FUNCTIONS/i);
    // The Functions view lists the connections; Local comes first.
    await page
      .locator('.part.sidebar .monaco-list-row .label-name', { hasText: 'Local' })
      .first()
      .waitFor({ state: 'visible' });
    await screenshot(page, 'view-container');
  });

  it('runs "Lambda Stream: Show Extension Log" from the command palette and shows the activation line', async () => {
    const { page } = workbench;
    await runCommand(page, 'Lambda Stream: Show Extension Log');
    const output = await waitForOutput(page, /Lambda Stream \d+\.\d+\.\d+ activated/);
    assert.equal(output.channel, 'Lambda Stream Log');
    await screenshot(page, 'show-extension-log');
  });
});
