// The workflow designer's canvas: AntV X6 draws the flowchart (nodes per activity, a port per outcome), dagre lays it
// out. The canvas owns the activities and connections while a page is open; the Blazor page owns the rest of the
// definition and reads the canvas back as the definition's JSON (every property an activity or connection had is kept,
// so that loading and exporting round-trip exactly). The same canvas, read-only, draws an instance's path.
(() => {
  const libraries = ["lib/x6/x6.min.js", "lib/dagre/dagre.min.js"];
  let loading = null;
  function loadLibraries() {
    loading ??= libraries.reduce((previous, src) => previous.then(() => new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`The designer's library ${src} did not load.`));
      document.head.appendChild(script);
    })), Promise.resolve());
    return loading;
  }

  const width = 210, height = 58, perOutcome = 84;
  const widthFor = (outcomes) => Math.max(width, outcomes * perOutcome);
  const colours = { Triggers: "#2e7d32", AI: "#6a1b9a", Human: "#ef6c00", Connectors: "#1565c0", Flow: "#546e7a" };
  const designers = new Map();
  let registered = false;

  function register(X6) {
    if (registered) return;
    registered = true;
    X6.Graph.registerNode("wf-activity", {
      inherit: "rect",
      width, height,
      markup: [
        { tagName: "rect", selector: "body" },
        { tagName: "rect", selector: "band" },
        { tagName: "text", selector: "title" },
        { tagName: "text", selector: "subtitle" },
        { tagName: "text", selector: "badge" },
      ],
      attrs: {
        body: { refWidth: "100%", refHeight: "100%", rx: 6, ry: 6, fill: "#ffffff", stroke: "#b0b8c4", strokeWidth: 1.5 },
        band: { width: 6, refHeight: "100%", rx: 3, ry: 3, fill: "#546e7a" },
        title: { refX: 16, refY: 20, fontSize: 13, fontWeight: 600, fill: "#1f2933", textAnchor: "start", textVerticalAnchor: "middle" },
        subtitle: { refX: 16, refY: 40, fontSize: 11, fill: "#52606d", textAnchor: "start", textVerticalAnchor: "middle", fontFamily: "monospace" },
        badge: { refX: "100%", refX2: -10, refY: 14, fontSize: 12, fontWeight: 700, fill: "#c62828", textAnchor: "end", textVerticalAnchor: "middle" },
      },
      ports: {
        groups: {
          in: { position: "top", attrs: { circle: { r: 6, magnet: "passive", stroke: "#607d8b", strokeWidth: 1.5, fill: "#ffffff" } } },
          out: {
            position: "bottom",
            // The outcome's name under its port, never over it, and never in the way of a press on the port (it would drag the activity).
            label: { position: { name: "bottom", args: { y: 8 } } },
            attrs: { circle: { r: 6, magnet: true, stroke: "#1565c0", strokeWidth: 1.5, fill: "#ffffff", cursor: "crosshair" }, text: { fontSize: 10, fill: "#37474f", pointerEvents: "none" } },
          },
        },
      },
    }, true);
  }

  // A kebab-case id from the type (llm.classify → llm-classify), made unique with a number.
  function newId(designer, type) {
    const base = type.replace(/([a-z])([A-Z])/g, "$1-$2").replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();
    const taken = new Set(designer.graph.getNodes().map((n) => n.getData()?.activity?.id));
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  }

  function outcomesOf(descriptor, activity) {
    if (!descriptor) return ["done"];
    const outcomes = [...descriptor.outcomes];
    if (descriptor.dynamicOutcomes) {
      const entries = activity.inputs?.[descriptor.dynamicOutcomes];
      if (Array.isArray(entries)) {
        for (const entry of entries) {
          const name = typeof entry === "string" ? entry : entry?.name;
          if (typeof name === "string" && name && !outcomes.includes(name)) outcomes.push(name);
        }
      }
    }
    return outcomes;
  }

  function nodeView(designer, activity) {
    const descriptor = designer.catalog.get(activity.type);
    const outcomes = outcomesOf(descriptor, activity);
    const ports = [];
    if (!descriptor?.isTrigger) ports.push({ id: "in", group: "in" });
    for (const outcome of outcomes) ports.push({ id: `out:${outcome}`, group: "out", attrs: { text: { text: outcome } } });
    return {
      size: { width: widthFor(outcomes.length), height },
      attrs: {
        body: { "data-activity-id": activity.id ?? "" },
        band: { fill: colours[descriptor?.category] ?? "#546e7a" },
        title: { text: activity.displayName || descriptor?.displayName || activity.type || "(no type)" },
        subtitle: { text: activity.id ?? "" },
      },
      ports,
    };
  }

  // Redraws a node from its activity: title, id, and a port per outcome (a switch's cases change them); a connection
  // from an outcome that is gone goes with it.
  function refreshNode(designer, node) {
    const activity = node.getData()?.activity ?? {};
    const view = nodeView(designer, activity);
    node.setAttrs(view.attrs);
    node.resize(view.size.width, view.size.height);
    const wanted = new Set(view.ports.map((p) => p.id));
    for (const port of node.getPorts()) {
      if (!wanted.has(port.id)) {
        for (const edge of designer.graph.getConnectedEdges(node)) {
          if (edge.getSourceCellId() === node.id && edge.getSourcePortId() === port.id) edge.remove();
        }
        node.removePort(port.id);
      }
    }
    for (const port of view.ports) if (!node.hasPort(port.id)) node.addPort(port);
  }

  function addNode(designer, activity, position) {
    const node = designer.graph.addNode({
      shape: "wf-activity",
      x: position?.x ?? 0, y: position?.y ?? 0,
      data: { activity },
      ...nodeView(designer, activity),
    });
    return node;
  }

  function edgeAttrs() {
    return { line: { stroke: "#8a94a6", strokeWidth: 1.5, targetMarker: { name: "block", width: 10, height: 7 } } };
  }

  function addEdge(designer, connection, byActivityId) {
    const source = byActivityId.get(connection.from), target = byActivityId.get(connection.to);
    const outcome = connection.outcome ?? "done";
    if (!source || !target) {
      designer.dangling.push(connection); // kept, so that an export says what was loaded (the validator names it)
      return null;
    }
    if (!source.hasPort(`out:${outcome}`)) source.addPort({ id: `out:${outcome}`, group: "out", attrs: { text: { text: outcome } } });
    return designer.graph.addEdge({
      source: { cell: source.id, port: `out:${outcome}` },
      target: { cell: target.id, port: "in" },
      attrs: edgeAttrs(),
      zIndex: -1,
      data: { connection },
    });
  }

  function exportDefinition(designer) {
    const nodes = designer.graph.getNodes();
    const activities = nodes.map((node) => {
      const activity = { ...(node.getData()?.activity ?? {}) };
      const p = node.getPosition();
      activity.position = { x: Math.round(p.x), y: Math.round(p.y) };
      return activity;
    });
    const edges = designer.graph.getEdges();
    designer.exportedEdges = edges.map((e) => e.id);
    const connections = edges.map((edge) => {
      const original = edge.getData()?.connection ?? {};
      const from = edge.getSourceCell()?.getData()?.activity?.id;
      const to = edge.getTargetCell()?.getData()?.activity?.id;
      const outcome = (edge.getSourcePortId() ?? "out:done").slice(4);
      // The outcome is always written, as the service writes it back ("done" included): what is saved reads back the same.
      return { ...original, from, to, outcome };
    }).concat(designer.dangling);
    designer.exportedNodes = nodes.map((n) => n.id);
    return JSON.stringify({ activities, connections });
  }

  function notifyChanged(designer) {
    if (designer.loading || designer.readOnly) return;
    clearTimeout(designer.changeTimer);
    designer.changeTimer = setTimeout(() => {
      designer.dotnet.invokeMethodAsync("OnCanvasChangedAsync", exportDefinition(designer)).catch(() => { });
    }, 150);
  }

  function notifySelection(designer) {
    if (designer.readOnly) return;
    const cells = designer.selection.getSelectedCells().filter((c) => c.isNode());
    const node = cells.length === 1 ? cells[0] : null;
    designer.dotnet.invokeMethodAsync("OnSelectionChangedAsync", node ? node.id : null, node ? JSON.stringify(node.getData()?.activity ?? {}) : null, cells.length)
      .catch(() => { });
  }

  function layout(designer) {
    const g = new window.dagre.graphlib.Graph();
    g.setGraph({ rankdir: "TB", nodesep: 50, ranksep: 70 });
    g.setDefaultEdgeLabel(() => ({}));
    const nodes = designer.graph.getNodes();
    for (const node of nodes) g.setNode(node.id, node.getSize());
    const edges = designer.graph.getEdges();
    for (const edge of edges) g.setEdge(edge.getSourceCellId(), edge.getTargetCellId());
    // An activity nothing leads to yet goes below the one added before it (for the layout only): a new workflow's
    // activities stand in a column in the order they were added, ready to be connected.
    const led = new Set(edges.map((e) => e.getTargetCellId()));
    nodes.forEach((node, i) => {
      const descriptor = designer.catalog.get(node.getData()?.activity?.type);
      if (i > 0 && !led.has(node.id) && !descriptor?.isTrigger) g.setEdge(nodes[i - 1].id, node.id);
    });
    window.dagre.layout(g);
    designer.graph.batchUpdate(() => {
      for (const node of nodes) {
        const p = g.node(node.id);
        node.position(Math.round(p.x - p.width / 2), Math.round(p.y - p.height / 2));
      }
    });
    fit(designer);
  }

  // Fits the drawing into the canvas once the canvas has a size (a page may draw into it while it is still hidden).
  function fit(designer) {
    const element = designer.graph.container;
    // Read-only (an instance's path): never so small that it cannot be read; the start at the top, the rest by panning.
    const run = designer.readOnly
      ? () => { designer.graph.zoomToFit({ padding: 20, maxScale: 1, minScale: 0.6 }); designer.graph.positionContent("top", { padding: 20 }); }
      : () => designer.graph.zoomToFit({ padding: 40, maxScale: 1 });
    if (element.clientWidth > 0 && element.clientHeight > 0) { run(); return; }
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0 && element.clientHeight > 0) { observer.disconnect(); run(); }
    });
    observer.observe(element);
  }

  function isTyping(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  async function create(element, dotnet, catalogJson, readOnly) {
    await loadLibraries();
    const X6 = window.X6;
    register(X6);
    const catalog = new Map(JSON.parse(catalogJson).map((d) => [d.type, d]));
    const graph = new X6.Graph({
      container: element,
      // Drawn as changes come, not in later animation frames: a press right after an edit finds the ports where they are drawn.
      async: false,
      autoResize: true,
      background: { color: "#fafbfc" },
      grid: { visible: true, size: 10, type: "dot" },
      panning: { enabled: true, eventTypes: readOnly ? ["leftMouseDown", "mouseWheel"] : ["rightMouseDown", "mouseWheel"] },
      mousewheel: { enabled: true, modifiers: ["ctrl", "meta"], minScale: 0.2, maxScale: 2 },
      interacting: readOnly ? false : { nodeMovable: true, edgeMovable: false, edgeLabelMovable: false, arrowheadMovable: true, vertexMovable: true },
      connecting: {
        connector: { name: "smooth" },
        anchor: "center",
        connectionPoint: "boundary",
        allowBlank: false, allowLoop: false, allowNode: false, allowEdge: false, allowMulti: "withPort",
        highlight: true,
        snap: { radius: 30 },
        createEdge() {
          return this.createEdge({ attrs: edgeAttrs(), zIndex: -1 });
        },
        validateMagnet({ magnet }) {
          return magnet.getAttribute("port-group") === "out";
        },
        validateConnection({ sourceCell, targetCell, sourcePort, targetPort }) {
          return !!sourcePort && sourcePort.startsWith("out:") && targetPort === "in" && sourceCell !== targetCell;
        },
      },
      highlighting: { magnetAvailable: { name: "stroke", args: { padding: 3, attrs: { stroke: "#1565c0", strokeWidth: 2 } } } },
    });
    const designer = { graph, dotnet, catalog, readOnly, dangling: [], loading: false, exportedEdges: [], exportedNodes: [] };
    designer.selection = new X6.Selection({ enabled: !readOnly, multiple: true, rubberband: true, movable: true, showNodeSelectionBox: true, showEdgeSelectionBox: false,
      // The box drawn over a selected activity lets presses through to its ports (to connect) and its body (to move the selection).
      pointerEvents: "none" });
    graph.use(designer.selection);
    if (!readOnly) {
      // Attributes and ports follow from an activity's data (redrawn on every change, undo included): only data,
      // positions, additions and removals are the user's steps to undo.
      designer.history = new X6.History({ enabled: true, beforeAddCommand: (event, args) => !(args && ["attrs", "ports", "labels", "zIndex", "tools", "size"].includes(args.key)) });
      designer.clipboard = new X6.Clipboard({ enabled: true });
      designer.keyboard = new X6.Keyboard({ enabled: true, global: false });
      graph.use(designer.history);
      graph.use(designer.clipboard);
      graph.use(designer.keyboard);
      graph.use(new X6.Snapline({ enabled: true }));
      const key = (keys, action) => designer.keyboard.bindKey(keys, (e) => { if (isTyping(e.target)) return true; action(); return false; });
      key(["ctrl+z", "meta+z"], () => designer.history.undo());
      key(["ctrl+shift+z", "meta+shift+z", "ctrl+y"], () => designer.history.redo());
      key(["ctrl+c", "meta+c"], () => copy(designer));
      key(["ctrl+v", "meta+v"], () => paste(designer));
      key(["delete", "backspace"], () => removeSelection(designer));
      key(["ctrl+a", "meta+a"], () => designer.selection.reset(graph.getNodes()));

      graph.on("node:added", ({ node }) => {
        if (designer.loading) return;
        // A pasted activity keeps its inputs under a new id.
        const activity = node.getData()?.activity;
        const others = graph.getNodes().filter((n) => n !== node).map((n) => n.getData()?.activity?.id);
        if (activity && others.includes(activity.id)) {
          node.setData({ activity: { ...activity, id: newId(designer, activity.type) } }, { overwrite: true });
        }
      });
      graph.on("node:change:data", ({ node }) => {
        refreshNode(designer, node);
        if (designer.selection.isSelected(node)) notifySelection(designer);
      });
      for (const event of ["cell:added", "cell:removed", "node:change:data", "node:moved", "edge:connected", "edge:change:target"]) {
        graph.on(event, () => notifyChanged(designer));
      }
      graph.on("selection:changed", () => notifySelection(designer));

      // Dragged from the palette (HTML drag and drop): the activity is dropped where the pointer is.
      element.addEventListener("dragover", (e) => { if (e.dataTransfer?.types.includes("application/x-activity-type")) e.preventDefault(); });
      element.addEventListener("drop", (e) => {
        const type = e.dataTransfer?.getData("application/x-activity-type");
        if (!type) return;
        e.preventDefault();
        const p = graph.clientToLocal(e.clientX, e.clientY);
        add(designer, type, { x: p.x - width / 2, y: p.y - height / 2 });
      });
    }
    designers.set(element, designer);
    return true;
  }

  function add(designer, type, position) {
    const id = newId(designer, type);
    if (!position) {
      // Below everything there is, so that a click on the palette never covers an activity.
      const nodes = designer.graph.getNodes();
      const bottom = nodes.reduce((max, n) => Math.max(max, n.getPosition().y + height), -height);
      const left = nodes.length ? Math.min(...nodes.map((n) => n.getPosition().x)) : 0;
      position = { x: left, y: bottom + 50 };
    }
    const node = addNode(designer, { id, type, inputs: {} }, position);
    designer.selection.reset(node);
    // While it fits at full size the whole workflow stays in view; past that the new activity is brought to the middle.
    const visible = designer.graph.getGraphArea();
    if (!visible.containsRect(node.getBBox())) {
      designer.graph.zoomToFit({ padding: 40, maxScale: 1 });
      if (designer.graph.zoom() < 0.6) { designer.graph.zoom(0.8, { absolute: true }); designer.graph.centerCell(node); }
    }
    return id;
  }

  function copy(designer) {
    const cells = designer.selection.getSelectedCells();
    if (cells.length) designer.clipboard.copy(cells, { deep: true });
  }

  function paste(designer) {
    if (designer.clipboard.isEmpty()) return;
    const cells = designer.clipboard.paste({ offset: 40 }, designer.graph);
    designer.selection.reset(cells);
  }

  function removeSelection(designer) {
    const cells = designer.selection.getSelectedCells();
    if (cells.length) designer.graph.removeCells(cells);
  }

  function load(designer, json) {
    const { activities, connections } = JSON.parse(json);
    designer.loading = true;
    designer.history?.disable();
    try {
      designer.graph.clearCells();
      designer.dangling = [];
      const byActivityId = new Map();
      let laidOut = true;
      (activities ?? []).forEach((activity, i) => {
        if (!activity.position) laidOut = false;
        // The activity as loaded, without its canvas position: the node holds that.
        const { position, ...rest } = activity;
        const node = addNode(designer, rest, position ?? { x: 0, y: i * 100 });
        if (!byActivityId.has(activity.id)) byActivityId.set(activity.id, node);
      });
      for (const connection of connections ?? []) addEdge(designer, connection, byActivityId);
      if (!laidOut) layout(designer);
    } finally {
      designer.loading = false;
      designer.history?.enable();
      designer.history?.clean();
    }
    fit(designer);
  }

  function showProblems(designer, problemsJson) {
    const problems = JSON.parse(problemsJson);
    const nodes = designer.exportedNodes.map((id) => designer.graph.getCellById(id));
    for (const node of designer.graph.getNodes()) {
      node.setAttrs({ body: { stroke: "#b0b8c4", strokeWidth: 1.5 }, badge: { text: "" } });
    }
    for (const [index, messages] of Object.entries(problems.activities ?? {})) {
      const node = nodes[Number(index)];
      node?.setAttrs({ body: { stroke: "#c62828", strokeWidth: 2.5 }, badge: { text: `⚠ ${messages.length}` } });
    }
    const edges = designer.exportedEdges.map((id) => designer.graph.getCellById(id));
    for (const edge of designer.graph.getEdges()) edge.setAttrs({ line: { stroke: "#8a94a6" } });
    for (const index of Object.keys(problems.connections ?? {})) edges[Number(index)]?.setAttrs({ line: { stroke: "#c62828" } });
  }

  // Read-only: an instance's path. States by activity id (completed, active, failed); the outcomes taken ("review:approved", "fork:*" for all).
  function showPath(designer, pathJson) {
    const { states, taken } = JSON.parse(pathJson);
    const outcomes = new Set(taken);
    const colour = { completed: "#2e7d32", active: "#1565c0", failed: "#c62828" };
    for (const node of designer.graph.getNodes()) {
      const state = states[node.getData()?.activity?.id];
      node.setAttrs({ body: { stroke: colour[state] ?? "#cfd6de", strokeWidth: state ? 3 : 1.5, fill: state ? "#ffffff" : "#f4f6f8" }, badge: { text: state === "active" ? "●" : "", fill: colour[state] } });
    }
    for (const edge of designer.graph.getEdges()) {
      const from = edge.getSourceCell()?.getData()?.activity?.id;
      const outcome = (edge.getSourcePortId() ?? "out:done").slice(4);
      const taken = (outcomes.has(`${from}:${outcome}`) || outcomes.has(`${from}:*`)) && !!states[edge.getTargetCell()?.getData()?.activity?.id];
      edge.setAttrs({ line: { stroke: taken ? "#2e7d32" : "#cfd6de", strokeWidth: taken ? 2.5 : 1.5 } });
    }
  }

  // Read-only: two versions as one drawing. Activities: added, removed, changed, moved; connections ("from>outcome>to"): added, removed.
  function showDiff(designer, marksJson) {
    const { activities, connections } = JSON.parse(marksJson);
    const colour = { added: "#2e7d32", removed: "#c62828", changed: "#ef6c00", moved: "#1565c0" };
    const sign = { added: "+", removed: "−", changed: "✎", moved: "↔" };
    for (const node of designer.graph.getNodes()) {
      const mark = activities[node.getData()?.activity?.id];
      node.setAttrs({
        body: { stroke: colour[mark] ?? "#cfd6de", strokeWidth: mark ? 3 : 1.5, strokeDasharray: mark === "removed" ? "6 4" : null, fill: mark === "removed" ? "#fdecea" : "#ffffff" },
        badge: { text: sign[mark] ?? "", fill: colour[mark] },
      });
    }
    for (const edge of designer.graph.getEdges()) {
      const connection = edge.getData()?.connection ?? {};
      const mark = connections[`${connection.from}>${connection.outcome ?? "done"}>${connection.to}`];
      edge.setAttrs({ line: { stroke: colour[mark] ?? "#8a94a6", strokeWidth: mark ? 2.5 : 1.5, strokeDasharray: mark === "removed" ? "6 4" : null } });
    }
  }

  const find = (element) => {
    const designer = designers.get(element);
    if (!designer) throw new Error("The designer is not open on this element.");
    return designer;
  };

  window.workflowDesigner = {
    create,
    load: (element, json) => load(find(element), json),
    export: (element) => exportDefinition(find(element)),
    add: (element, type) => add(find(element), type),
    // One property of one activity (path ["inputs", "model"]); a null value removes it.
    edit(element, nodeKey, path, valueJson) {
      const node = find(element).graph.getCellById(nodeKey);
      if (!node) return;
      const activity = structuredClone(node.getData()?.activity ?? {});
      let parent = activity;
      for (const key of path.slice(0, -1)) parent = parent[key] ??= {};
      const last = path[path.length - 1];
      if (valueJson == null) delete parent[last]; else parent[last] = JSON.parse(valueJson);
      node.setData({ ...node.getData(), activity }, { overwrite: true });
    },
    select(element, activityId) {
      const designer = find(element);
      const node = designer.graph.getNodes().find((n) => n.getData()?.activity?.id === activityId);
      // No activity (a problem of the workflow's own data): nothing selected, and the panel shows the workflow's data.
      if (node) { designer.selection.reset(node); designer.graph.centerCell(node); } else designer.selection.clean();
    },
    undo: (element) => find(element).history.undo(),
    redo: (element) => find(element).history.redo(),
    copy: (element) => copy(find(element)),
    paste: (element) => paste(find(element)),
    remove: (element) => removeSelection(find(element)),
    zoom: (element, factor) => find(element).graph.zoom(factor),
    fit: (element) => fit(find(element)),
    layout: (element) => layout(find(element)),
    showProblems: (element, json) => showProblems(find(element), json),
    showPath: (element, json) => showPath(find(element), json),
    showDiff: (element, json) => showDiff(find(element), json),
    dispose(element) {
      designers.get(element)?.graph.dispose();
      designers.delete(element);
    },
    // The palette's items are dragged with HTML drag and drop; the drop lands on the canvas.
    dragActivity(event, type) {
      event.dataTransfer.setData("application/x-activity-type", type);
      event.dataTransfer.effectAllowed = "copy";
    },
  };

  document.addEventListener("dragstart", (e) => {
    const type = e.target?.closest?.("[data-activity-type]")?.getAttribute("data-activity-type");
    if (type) window.workflowDesigner.dragActivity(e, type);
  });
})();
