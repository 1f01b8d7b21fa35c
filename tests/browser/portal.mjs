// The public portal in a real browser: Debian's headless Chromium driven by
// playwright-core. node portal.mjs BASE_URL OUT_DIR
// Loads the list, opens each published decision and checks the counts it
// shows against the downloadable election record and the signed tally,
// submits a comment on an open announcement, and saves screenshots at a
// phone's size in OUT_DIR. Exits non-zero on the first failed check.
import { chromium } from "playwright-core";

const [base, out] = process.argv.slice(2);
if (!base || !out) {
	console.error("usage: node portal.mjs BASE_URL OUT_DIR");
	process.exit(2);
}
const origin = new URL(base).origin;
let failures = 0;
function check(name, ok, detail) {
	if (ok) {
		console.log(`ok - ${name}`);
	} else {
		console.log(`FAIL - ${name}${detail ? ": " + detail : ""}`);
		failures++;
	}
}
function tallyPayload(jws) {
	const part = jws.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
	return JSON.parse(Buffer.from(part, "base64").toString("utf8"));
}

const browser = await chromium.launch({
	executablePath: process.env.YG_CHROMIUM || "/usr/bin/chromium",
	args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
	const context = await browser.newContext({
		viewport: { width: 390, height: 844 },
		deviceScaleFactor: 2,
		locale: "zh-CN",
		javaScriptEnabled: true,
	});
	const page = await context.newPage();
	const foreign = [];
	const consoleErrors = [];
	page.on("request", (r) => {
		if (!r.url().startsWith(origin + "/")) foreign.push(r.url());
	});
	// Browsers ask for /favicon.ico on their own; the portal has none.
	const failed = [];
	page.on("response", (r) => {
		if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) failed.push(r.url());
	});
	page.on("console", (m) => {
		if (m.type() === "error" && !m.text().includes("404")) consoleErrors.push(m.text());
	});

	// The list.
	let res = await page.goto(base + "/");
	check("the home page loads", res.status() === 200, `status ${res.status()}`);
	check("the page is in Chinese", (await page.getAttribute("html", "lang")) === "zh-CN");
	check("the title names the portal", (await page.title()).includes("阳光"));
	const decisions = await page.$$eval("#decisions + ul a", (as) =>
		as.map((a) => ({ href: a.getAttribute("href"), text: a.textContent })));
	check("published decisions are listed", decisions.length >= 1, JSON.stringify(decisions));
	const announcements = await page.$$eval("#announcements + ul a", (as) =>
		as.map((a) => a.getAttribute("href")));
	check("open announcements are listed", announcements.length >= 1);
	check("no script in the page", (await page.$$("script")).length === 0);
	const fits = await page.evaluate(() =>
		document.documentElement.scrollWidth <= window.innerWidth);
	check("the home page fits a phone's width", fits);
	await page.screenshot({ path: `${out}/home.png`, fullPage: true });

	// Each decision: open it from the list, compare with its record.
	let withRecord = 0;
	for (const d of decisions) {
		await page.goto(base + "/");
		await Promise.all([page.waitForNavigation(), page.click(`a[href="${d.href}"] >> nth=0`)]);
		check(`${d.href} opens from the list`, page.url() === base + d.href, page.url());
		const title = (await page.textContent("h1")).trim();
		check(`${d.href} shows its title`, title === d.text.trim(), title);
		const shown = await page.$$eval("td.count", (tds) =>
			tds.map((td) => ({ label: td.dataset.label, n: Number(td.textContent) })));
		const num = async (sel) => Number(await page.textContent(sel));
		const ballots = await num("#ballots");
		const api = await (await page.request.get(base + "/api/v1" + d.href)).json();
		if (api.counts === null) {
			// A cadre decision in summary (cadre_summary_counts off): the
			// appointed names only, no count and no other candidate.
			const names = (await page.textContent("#appointed")).split("、");
			check(`${d.href} shows the appointed names and no count`,
				shown.length === 0 &&
					JSON.stringify(names) === JSON.stringify(api.question.labels),
				JSON.stringify({ shown, names, api: api.question.labels }));
		} else {
			check(`${d.href} counts match the API`,
				JSON.stringify(shown.map((c) => c.n)) === JSON.stringify(api.counts),
				JSON.stringify({ shown, api: api.counts }));
			check(`${d.href} labels match the question`,
				JSON.stringify(shown.map((c) => c.label)) ===
					JSON.stringify(api.question.labels));
		}
		const link = await page.$("#record");
		if (!link) {
			check(`${d.href} (${api.mode}) offers no record or tally`,
				api.mode !== "full" && (await page.$("#tally")) === null);
			continue;
		}
		withRecord++;
		const recRes = await page.request.get(base + (await link.getAttribute("href")));
		check(`${d.href} record downloads`, recRes.status() === 200);
		check(`${d.href} record is served as JSON`,
			(recRes.headers()["content-type"] || "").startsWith("application/json"));
		const rec = await recRes.json();
		const last = rec.rounds[rec.rounds.length - 1];
		check(`${d.href} counts match the election record`,
			JSON.stringify(shown.map((c) => c.n)) === JSON.stringify(last.counts),
			JSON.stringify({ shown, record: last.counts }));
		check(`${d.href} ballots match the record`, ballots === last.ballots.length,
			`${ballots} vs ${last.ballots.length}`);
		const jws = (await page.textContent("#tally")).trim();
		check(`${d.href} shows the record's signed tally`, jws === last.tally);
		const t = tallyPayload(jws);
		check(`${d.href} counts match the signed tally`,
			JSON.stringify(t.counts) === JSON.stringify(last.counts));
		check(`${d.href} entitled matches the signed tally`,
			(await num("#entitled")) === t.entitled);
		check(`${d.href} eligible matches the signed tally`,
			(await num("#eligible")) === t.eligible.length);
		const result = await page.getAttribute("#result", "data-result");
		check(`${d.href} result matches the signed tally`, result === t.outcome.result,
			`${result} vs ${t.outcome.result}`);
		const jwks = await (await page.request.get(base + "/.well-known/jwks.json")).json();
		check(`${d.href} signing key is in the JWKS`,
			jwks.keys.some((k) => k.kid === rec.server_key));
		await page.screenshot({ path: `${out}/decision-${api.id}.png`, fullPage: true });
	}
	check("at least one decision carries its record", withRecord >= 1);

	// A comment on an open announcement, through the form.
	const item = announcements[0];
	await page.goto(base + item);
	const before = Number(await page.textContent(".c-support"));
	await page.check("input[name=stance][value=support]");
	await page.fill("#body", "浏览器提交的意见：<b>建议</b>增加停车位 & 绿化");
	await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
	check("the comment is accepted", page.url().endsWith(item + "?sent=1"), page.url());
	check("the page thanks the commenter", await page.isVisible("#sent"));
	// The page after the form is read anew; a plain reload may come from the
	// browser's cache (max-age) for a few seconds, hence the query.
	let after = Number(await page.textContent(".c-support"));
	for (let i = 0; i < 30 && after === before; i++) {
		await page.waitForTimeout(200);
		await page.goto(`${base}${item}?reload=${i}`);
		after = Number(await page.textContent(".c-support"));
	}
	check("the count of comments in support went up by one", after === before + 1,
		`${before} -> ${after}`);
	check("comment texts are not shown", !(await page.content()).includes("增加停车位"));
	await page.screenshot({ path: `${out}/announcement.png`, fullPage: true });

	check("nothing was fetched from elsewhere", foreign.length === 0, foreign.join(" "));
	check("every resource loaded", failed.length === 0, failed.join(" "));
	check("no errors in the console (CSP included)", consoleErrors.length === 0,
		consoleErrors.join(" | "));
	await context.close();
} finally {
	await browser.close();
}
if (failures > 0) {
	console.log(`${failures} check(s) failed`);
	process.exit(1);
}
