(pkg, name) => {
	const EVENTS = ["focusin", "pointerdown", "touchstart", "keydown"];
	let started = false;
	async function hydrateIslands(mod) {
		for (const el of document.querySelectorAll("leptos-island")) {
			const island = mod[el.dataset.component];
			if (island) {
				const result = island(el);
				if (result && result.then) await result;
			}
		}
	}
	function load() {
		if (started) return;
		started = true;
		for (const ev of EVENTS) document.removeEventListener(ev, onEvent, true);
		import(`/${pkg}/${name}.js`).then((mod) =>
			mod.default({ module_or_path: `/${pkg}/${name}.wasm` }).then(() => {
				mod.hydrate();
				return hydrateIslands(mod);
			}),
		);
	}
	function onEvent(event) {
		if (event.target instanceof Element && event.target.closest("[data-island]")) load();
	}
	for (const ev of EVENTS) document.addEventListener(ev, onEvent, { capture: true, passive: true });
	// A reload with the form already focused, or a jump straight to #signup: start at once.
	if (document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-island]")) load();
}
