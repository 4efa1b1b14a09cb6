// Page-side clocks for benchmarks/lab_latency.py, installed before JupyterLab loads.
// Every time is performance.now() in the page (ms); kernel times come from the kernel's
// message headers (wall clock, converted to the page's clock: same machine).
(() => {
  const CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell";
  const decoder = new TextDecoder();
  const bench = (window.__bench = { run: null });

  // A kernel message as the websocket carries it: JSON text (legacy) or the v1 binary
  // protocol (offset count, offsets, then channel, header, parent_header, metadata, content).
  function decode(data) {
    if (typeof data === "string") return JSON.parse(data);
    const buffer = ArrayBuffer.isView(data) ? data.buffer : data;
    const view = new DataView(buffer);
    const count = Number(view.getBigUint64(0, true));
    const offsets = [];
    for (let i = 1; i <= count; i++) offsets.push(Number(view.getBigUint64(8 * i, true)));
    const part = (i) => JSON.parse(decoder.decode(
      new Uint8Array(buffer, offsets[i], offsets[i + 1] - offsets[i])));
    return { header: part(1), parent_header: part(2), content: () => part(4) };
  }
  const fromKernel = (date) => Date.parse(date) - performance.timeOrigin;

  const Native = window.WebSocket;
  class Timed extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const run = bench.run;
        if (!run || !run.request || run.result !== undefined) return;
        const at = performance.now();
        const msg = decode(event.data);
        if (msg.parent_header.msg_id !== run.request) return;
        const type = msg.header.msg_type;
        const content = typeof msg.content === "function" ? msg.content() : msg.content;
        if (type === "status" && content.execution_state === "busy") {
          run.kernelBusy = fromKernel(msg.header.date);
        } else if (type === "execute_result" || type === "display_data") {
          run.kernelResult = fromKernel(msg.header.date);
          run.received = at;
        } else if (type === "status" && content.execution_state === "idle") {
          run.kernelIdle = fromKernel(msg.header.date);
          run.idleReceived = at;
        }
      });
    }
    send(data) {
      const run = bench.run;
      if (run && !run.request && run.key !== undefined) {
        const msg = decode(data);
        if (msg.header.msg_type === "execute_request") {
          run.request = msg.header.msg_id;
          run.sent = performance.now();
        }
      }
      return super.send(data);
    }
  }
  window.WebSocket = Timed;
  bench.long = [];
  new PerformanceObserver((list) => bench.long.push(...list.getEntries()))
    .observe({ type: "longtask", buffered: true });
  // Main-thread time in tasks over 50 ms between two clocks of a run.
  const busy = (from, to) => bench.long.reduce((sum, task) => sum + Math.max(
    0, Math.min(to, task.startTime + task.duration) - Math.max(from, task.startTime)), 0);
  window.addEventListener("keydown", (event) => {
    const run = bench.run;
    if (run && run.key === undefined && event.key === "Enter" && event.shiftKey) {
      run.key = event.timeStamp;
    }
  }, { capture: true });

  // Arm the clocks for the next Shift+Enter in cell ``index``; ``bench.run.done`` resolves
  // once a new element matching ``selector`` is in that cell's output area and the frame
  // that lays it out has been painted.
  bench.arm = (index, selector, timeout) => {
    const cell = document.querySelectorAll(CELLS)[index];
    const old = new Set(cell.querySelectorAll(selector));
    const run = (bench.run = {});
    run.done = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`no new ${selector} in cell ${index} after ${timeout} ms`));
      }, timeout);
      const observer = new MutationObserver(() => {
        const shown = [...cell.querySelectorAll(selector)].find((node) => !old.has(node));
        if (!shown) return;
        observer.disconnect();
        clearTimeout(timer);
        run.shown = performance.now();
        run.score = shown.dataset.score ?? null;
        run.maxScore = shown.dataset.maxScore ?? null;
        run.bytes = shown.outerHTML.length;
        requestAnimationFrame(() => {
          run.frame = performance.now();
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            run.painted = performance.now();
            run.busyBefore = busy(run.key, run.received);
            run.busyAfter = busy(run.received, run.painted);
            const { done, ...times } = run;
            resolve(times);
          };
          channel.port2.postMessage(null);
        });
      });
      observer.observe(cell, { childList: true, subtree: true });
    });
  };
})();
