// The check-in desk's camera: where the browser has a BarcodeDetector, a "scan" button reads
// the volunteer's QR code into the code field and records the arrival. Typing always works.
(() => {
	const button = document.getElementById("d-scan");
	const video = document.getElementById("d-video");
	const field = document.getElementById("d-code");
	if (!button || !video || !field || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
	button.hidden = false;
	button.addEventListener("click", async () => {
		const detector = new BarcodeDetector({ formats: ["qr_code"] });
		const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
		video.srcObject = stream;
		video.hidden = false;
		await video.play();
		const look = async () => {
			const found = await detector.detect(video).catch(() => []);
			if (found.length > 0) {
				stream.getTracks().forEach((t) => t.stop());
				field.value = found[0].rawValue;
				field.form.requestSubmit();
			} else {
				setTimeout(look, 250);
			}
		};
		look();
	});
})();
