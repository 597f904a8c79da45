/** Sound and vibration on the supervisor's device when a child presses stop/help (docs/safeguarding.md S4). */
export function alertSupervisor(): void {
  try {
    navigator.vibrate?.([200, 100, 200, 100, 400]);
  } catch { /* not every device vibrates */ }
  try {
    const audio = new AudioContext();
    for (const [i, freq] of [880, 660, 880].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + i * 0.25);
      osc.stop(audio.currentTime + i * 0.25 + 0.2);
    }
    setTimeout(() => void audio.close(), 1500);
  } catch { /* audio may be blocked until the page was touched */ }
}
