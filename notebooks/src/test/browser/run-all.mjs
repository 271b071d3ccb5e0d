// Opens a notebook in JupyterLab in headless Chromium, runs all cells, waits for the kernel to be idle and checks
// what a reader sees: a rendered HTML table, an image, no error output, figures no wider than the notebook.
// Usage: node run-all.mjs BASE_URL TOKEN NOTEBOOK_PATH SCREENSHOT_PNG CHROMIUM USER_DATA_DIR TIMEOUT_S
// Prints "PASS ..." and exits 0, or prints what failed and exits 1. Driven by JupyterLabIT.
import { chromium } from 'playwright-core';

const [base, token, notebook, screenshot, executable, userDataDir, timeoutText] = process.argv.slice(2);
const timeout = Number(timeoutText || '900') * 1000;
const started = Date.now();
const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s]`, ...a);

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: executable,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
let failed = null;
const page = context.pages()[0] ?? await context.newPage();
try {
  page.setDefaultTimeout(120_000);
  await page.goto(`${base}/lab/tree/${notebook}?token=${token}`);
  await page.waitForSelector('.jp-NotebookPanel .jp-Cell', { timeout: 120_000 });
  log('notebook open');
  // The server starts the notebook's kernel (kernelspec "java"); it is ready when its status is idle.
  // (JupyterLab runs with expose_app_in_browser, so the test reads the state and runs commands as the UI does.)
  const kernelStatus = () => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
      && panel.sessionContext.session.kernel;
    return kernel ? kernel.status : 'none';
  };
  await page.waitForFunction(`(${kernelStatus})() === 'idle'`, null, { timeout: 180_000, polling: 500 });
  log('kernel idle');
  // What the Run menu's "Run All Cells" does.
  await page.evaluate(() => window.jupyterapp.commands.execute('notebook:run-all-cells'));
  log('run all');
  // Done when every code cell has an execution count and the kernel is idle again.
  await page.waitForFunction(`(() => {
    const prompts = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent))
        && (${kernelStatus})() === 'idle';
  })()`, null, { timeout, polling: 1000 });
  log('all cells ran');
  const report = await page.evaluate(() => {
    const outputs = document.querySelector('.jp-NotebookPanel .jp-Notebook');
    const area = document.querySelector('.jp-NotebookPanel .jp-OutputArea-output');
    const width = area ? area.getBoundingClientRect().width : 0;
    const figures = [...outputs.querySelectorAll('.jp-RenderedImage img, .jp-RenderedSVG svg, .jp-RenderedSVG img')];
    return {
      tables: outputs.querySelectorAll('.jp-RenderedHTMLCommon table').length,
      images: figures.length,
      errors: [...outputs.querySelectorAll('[data-mime-type="application/vnd.jupyter.error"]')]
        .map(e => e.textContent.slice(0, 300)),
      outputWidth: width,
      widest: Math.max(0, ...figures.map(f => f.getBoundingClientRect().width)),
      cells: outputs.querySelectorAll('.jp-CodeCell').length,
    };
  });
  log('report', JSON.stringify(report));
  await page.screenshot({ path: screenshot });
  log('screenshot', screenshot);
  if (report.errors.length) failed = `cells failed: ${report.errors.join(' | ')}`;
  else if (report.tables < 1) failed = 'no rendered HTML table among the outputs';
  else if (report.images < 1) failed = 'no image among the outputs';
  else if (report.widest > report.outputWidth + 1) {
    failed = `a figure is ${report.widest} px wide, wider than the output area (${report.outputWidth} px)`;
  }
} catch (e) {
  failed = String(e && e.stack || e);
  try { await page.screenshot({ path: screenshot }); } catch (ignored) { /* the page may be gone */ }
} finally {
  await context.close();
}
if (failed) {
  console.log('FAIL ' + failed);
  process.exit(1);
}
console.log(`PASS run all of ${notebook}`);
