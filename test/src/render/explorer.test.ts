import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paramsOf } from '../../../spec/params.js'
import { explorerHtml, renderSvg, sequenceDiagram } from '../../../src/render/index.js'
import type { Counterexample } from '../../../src/run/counterexample.js'
import { counterexample } from '../report/counterexamples.js'

const CHROMIUM = '/usr/bin/chromium'
const OUT = resolve('out', 'test-explorer')
const PAYLOAD = '</script><b>"x"'

/** A consumer-group counterexample whose every scenario-supplied name is an injection attempt. */
function crafted(): Counterexample {
  const c = counterexample('max-poll-interval-zombie', 'NoDuplicateProcessing')
  const scenario = {
    ...c.scenario,
    name: `zombie${PAYLOAD}`,
    description: `<img src=x onerror="document.title='pwned'">`,
    topic: { ...c.scenario.topic, name: PAYLOAD },
    consumer: { ...c.scenario.consumer, 'group.id': `<script>alert(1)</script>\\N"]; x [label="y` },
    app: { ...c.scenario.app, keys: [`--><b>key</b>&lt;`] },
  }
  return { ...c, scenario, params: paramsOf(scenario) }
}

async function page(file: string, html: string): Promise<string> {
  mkdirSync(OUT, { recursive: true })
  const path = join(OUT, file)
  writeFileSync(path, html)
  return pathToFileURL(path).href
}

describe('explorerHtml without a browser', () => {
  it('escapes every scenario-supplied name: the raw HTML holds no markup from the scenario', async () => {
    const c = crafted()
    const dot = sequenceDiagram(c)
    const svg = await renderSvg(dot)
    expect(svg).toContain('&lt;/script&gt;&lt;b&gt;&quot;x&quot;')
    const html = explorerHtml(c, svg)
    expect(html).not.toContain('<b>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('alert(1)</script>')
    expect(html.match(/<script\b/g)).toHaveLength(2)
    expect(html.match(/<\/script>/g)).toHaveLength(2)
    expect(html).toContain('zombie&lt;/script&gt;&lt;b&gt;&quot;x&quot;')
    expect(html).toContain('\\u003c/script\\u003e\\u003cb\\u003e')
  })

  it('shows what the violation needs under it, escaped, and nothing when there is no blame', async () => {
    const c = counterexample('acks1-leader-crash', 'NoLossOfAcked')
    const svg = await renderSvg(sequenceDiagram(c))
    const blame = [
      'needs acks=1 (spec/scenarios/acks1-leader-crash.yaml:5; with acks=all it holds); one broker crash is enough',
      `still violated with min.insync.replicas=2 ${PAYLOAD}`,
    ]
    const html = explorerHtml(c, svg, blame)
    expect(html).toContain(
      '<div class="blame"><span class="label">Blame</span> <p>needs acks=1 (spec/scenarios/acks1-leader-crash.yaml:5; ' +
        'with acks=all it holds); one broker crash is enough</p><p>still violated with min.insync.replicas=2 ' +
        '&lt;/script&gt;&lt;b&gt;&quot;x&quot;</p></div>',
    )
    expect(html).not.toContain('<b>')
    expect(explorerHtml(c, svg)).not.toContain('class="blame"')
  })

  it('admits only its own script, by hash, and loads nothing from the network', async () => {
    const c = counterexample('acks0-fire-and-forget', 'NoLossOfAcked')
    const html = explorerHtml(c, await renderSvg(sequenceDiagram(c)))
    expect(html).toMatch(
      /Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;/,
    )
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  })
})

describe.skipIf(!existsSync(CHROMIUM))(
  'explorerHtml in headless Chromium (skipped: no /usr/bin/chromium; apt-get install chromium)',
  () => {
    let browser: BrowserContext
    let tab: Page
    const errors: string[] = []

    beforeAll(async () => {
      browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kafkacheck-chromium-')), {
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1500, height: 950 },
      })
      tab = await browser.newPage()
      tab.on('pageerror', error => errors.push(error.message))
      tab.on('dialog', dialog => {
        errors.push(`dialog: ${dialog.message()}`)
        void dialog.dismiss()
      })
    })

    afterAll(async () => {
      await browser?.close()
    })

    it('shows what a clicked step changed, moves with the arrow keys, and highlights the step in the diagram', async () => {
      const c = counterexample('hw-truncation-before-kip101', 'NoLossOfAcked')
      await tab.goto(await page('hw-truncation.html', explorerHtml(c, await renderSvg(sequenceDiagram(c)))))
      await tab.click('#steps li#step-8')
      await expect.poll(() => tab.locator('#selected-step').textContent()).toBe('step 8')
      const diff = await tab.locator('#diff').innerText()
      expect(diff).toContain('broker 1 alive')
      expect(diff).toContain('partition 0 / leader')
      expect(diff).toContain('partition 0 / broker 3 / log')
      expect(await tab.locator('#diagram svg .selected.step-8').count()).toBeGreaterThan(1)
      expect(await tab.locator('#state tr.changed').count()).toBeGreaterThan(2)

      await tab.keyboard.press('ArrowRight')
      await expect.poll(() => tab.locator('#steps li.selected').getAttribute('id')).toBe('step-9')
      expect(await tab.locator('#diagram svg .selected.step-8').count()).toBe(0)
      expect(await tab.locator('#diff').innerText()).toContain('broker 2 alive')
      await tab.keyboard.press('ArrowLeft')
      await tab.keyboard.press('ArrowLeft')
      await expect.poll(() => tab.locator('#steps li.selected').getAttribute('id')).toBe('step-7')

      await tab.locator('#diagram svg g.step-3').first().click()
      await expect.poll(() => tab.locator('#steps li.selected').getAttribute('id')).toBe('step-3')
      await tab.screenshot({ path: join(OUT, 'hw-truncation.png') })
      expect(errors).toEqual([])
    })

    it('shows the blame in the header, above the steps', async () => {
      const c = counterexample('acks1-leader-crash', 'NoLossOfAcked')
      const line = 'needs acks=1 (acks1-leader-crash.yaml:5; with acks=all it holds); one broker crash is enough'
      await tab.goto(await page('blame.html', explorerHtml(c, await renderSvg(sequenceDiagram(c)), [line])))
      expect(await tab.locator('header .blame').innerText()).toContain(line)
      const header = await tab.locator('header').boundingBox()
      const steps = await tab.locator('#steps').boundingBox()
      expect(steps!.y).toBeGreaterThanOrEqual(header!.y + header!.height - 1)
      expect(errors).toEqual([])
    })

    it('keeps a crafted topic name, group id and key inert: no element, no script, no dialog', async () => {
      const c = crafted()
      await tab.goto(await page('crafted.html', explorerHtml(c, await renderSvg(sequenceDiagram(c)))))
      await tab.click('#steps li#step-3')
      expect(await tab.locator('b, img').count()).toBe(0)
      expect(await tab.locator('script').count()).toBe(2)
      expect(await tab.title()).not.toBe('pwned')
      expect(await tab.locator('header h1').innerText()).toContain(PAYLOAD)
      expect(await tab.locator('#diagram svg').innerHTML()).toContain('&lt;/script&gt;&lt;b&gt;')
      await tab.screenshot({ path: join(OUT, 'crafted.png') })
      expect(errors).toEqual([])
    })
  },
)
