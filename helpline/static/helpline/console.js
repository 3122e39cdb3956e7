/* Helpline specialist console and supervisor view, over the console websocket /ws/console/.
 *
 * The server sends a "queue" event (the queue in the order it will be taken, crisis first; my
 * chats; availability; for supervisors the specialists and active chats) on connect and after
 * every change, and message / ack / status / typing / error events for the conversations this
 * socket follows. Each conversation pane keeps the last seq it has seen and drops repeats; on
 * every (re)connection the console asks again for each pane's messages after that seq
 * ("watch", which also rejoins the conversation) and resends replies not yet acknowledged,
 * with the same client ids. Wrap-ups go over HTTP (views.wrap_up), as does knowledge search.
 */
(function () {
  "use strict";

  var root = document.getElementById("console");
  if (!root) return;
  var L = JSON.parse(document.getElementById("console-labels").textContent);
  var cannedNode = document.getElementById("console-canned");
  var CANNED = cannedNode ? JSON.parse(cannedNode.textContent) : [];
  var MODE = root.getAttribute("data-mode") || "console";
  var WRAP_UP_URL = root.getAttribute("data-wrap-up-url");
  var KB_URL = root.getAttribute("data-kb-search-url");
  var TEMPLATE = document.getElementById("console-pane");

  var convs = {}; // conversation id -> Conv
  var ws = null;
  var attempts = 0;
  var reconnectTimer = null;
  var stopped = false;
  var lastState = null;
  var stateAt = 0;

  // --- helpers ---------------------------------------------------------------------------------

  function part(name, scope) {
    return (scope || root).querySelector('[data-role="' + name + '"]');
  }

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key.indexOf("on") === 0 && typeof value === "function") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    [].concat(children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(text, vars) {
    return String(text).replace(/\{(\w+)\}/g, function (all, name) {
      return vars[name] !== undefined ? String(vars[name]) : all;
    });
  }

  function clientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function showAlert(text) {
    var box = part("alert");
    box.textContent = "";
    if (text) box.appendChild(h("p", { text: text }));
  }

  function setConnection(text) {
    part("connection").textContent = text;
  }

  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart || 0;
    var end = textarea.selectionEnd || 0;
    var before = textarea.value.slice(0, start);
    var after = textarea.value.slice(end);
    var glue = before && !/\s$/.test(before) ? " " : "";
    textarea.value = before + glue + text + after;
    var caret = (before + glue + text).length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
  }

  function languageName(code) {
    return (L.language && L.language[code]) || code;
  }

  function send(payload) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(payload));
    return true;
  }

  // --- one conversation's pane -------------------------------------------------------------------

  function Conv(id, info) {
    this.id = id;
    this.info = info || {};
    this.lastSeq = 0;
    this.seen = {};
    this.pending = {}; // client id -> {body, internal, node}
    this.mode = "reading";
    this.lastTyping = 0;
    var fragment = TEMPLATE.content.cloneNode(true);
    Array.prototype.forEach.call(fragment.querySelectorAll("*"), function (node) {
      ["id", "for", "aria-labelledby", "aria-describedby"].forEach(function (attr) {
        var value = node.getAttribute(attr);
        if (value && value.indexOf("__ID__") >= 0) node.setAttribute(attr, value.split("__ID__").join(id));
      });
    });
    this.el = fragment.querySelector('[data-role="pane"]');
    this.el.setAttribute("data-conversation", id);
    this.log = part("log", this.el);
    this.wire();
    convs[id] = this;
    this.setInfo(this.info);
  }

  Conv.prototype.wire = function () {
    var self = this;
    this.el.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button || !self.el.contains(button)) return;
      var action = button.getAttribute("data-action");
      if (action === "accept") send({ type: "accept", conversation: self.id });
      else if (action === "close-reading") self.remove();
      else if (action === "insert-canned") self.insertCanned();
      else if (action === "end") send({ type: "end", conversation: self.id });
      else if (action === "transfer-supervisor") self.transfer({ to_queue: "supervisor" });
      else if (action === "insert-kb") insertAtCursor(part("reply", self.el), button.getAttribute("data-text"));
    });
    var reply = part("reply-form", this.el);
    if (reply) {
      var box = part("reply", this.el);
      reply.addEventListener("submit", function (event) {
        event.preventDefault();
        self.sendReply();
      });
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          self.sendReply();
        }
      });
      box.addEventListener("input", function () {
        var now = Date.now();
        if (part("internal", self.el).checked || now - self.lastTyping < 3000) return;
        self.lastTyping = now;
        send({ type: "typing", conversation: self.id });
      });
    }
    var kb = part("kb-form", this.el);
    if (kb) {
      kb.addEventListener("submit", function (event) {
        event.preventDefault();
        self.searchKnowledge();
      });
    }
    var transfer = part("transfer-form", this.el);
    if (transfer) {
      transfer.addEventListener("submit", function (event) {
        event.preventDefault();
        var to = part("transfer-user", self.el).value.trim();
        if (to) self.transfer({ to_user: to });
      });
    }
    var wrap = part("wrap-up-form", this.el);
    if (wrap) {
      wrap.setAttribute("action", WRAP_UP_URL.replace("__ID__", this.id));
      wrap.addEventListener("submit", function (event) {
        event.preventDefault();
        self.submitWrapUp(wrap);
      });
    }
    var canned = part("canned", this.el);
    if (canned) this.fillCanned(canned);
  };

  Conv.prototype.fillCanned = function (select) {
    var lang = this.info.language === "es" ? "es" : "en";
    select.textContent = "";
    [lang, lang === "es" ? "en" : "es"].forEach(function (code) {
      var items = CANNED.filter(function (c) { return c.language === code; });
      if (!items.length) return;
      var group = h("optgroup", { label: languageName(code) });
      items.forEach(function (c) {
        group.appendChild(h("option", { value: CANNED.indexOf(c), text: c.title }));
      });
      select.appendChild(group);
    });
  };

  Conv.prototype.insertCanned = function () {
    var select = part("canned", this.el);
    var item = CANNED[parseInt(select.value, 10)];
    if (item) insertAtCursor(part("reply", this.el), item.body);
  };

  Conv.prototype.setInfo = function (info) {
    var langChanged = info.language && info.language !== this.info.language;
    this.info = Object.assign({}, this.info, info);
    var i = this.info;
    var bits = [languageName(i.language), (L.callerType || {})[i.caller_type || ""] || i.caller_type];
    if (i.topic) bits.push(i.topic);
    if (i.priority === 0 || i.priority === 1) bits.unshift(L.priority[String(i.priority)]);
    part("title", this.el).textContent = bits.filter(Boolean).join(" · ");
    this.el.classList.toggle("console-pane-crisis", i.priority === 0);
    this.log.setAttribute("lang", i.language || "en");
    this.renderStatus();
    if (langChanged && part("canned", this.el)) this.fillCanned(part("canned", this.el));
  };

  Conv.prototype.renderStatus = function () {
    var i = this.info;
    var text = (L.status || {})[i.status] || i.status || "";
    if (i.status === "queued" && i.position) text += " (#" + i.position + ")";
    if (i.specialist && MODE === "supervisor") text += " · " + i.specialist;
    part("status", this.el).textContent = text;
    var mine = this.mode === "mine";
    var tools = part("tools", this.el);
    var wrap = part("wrap-up-form", this.el);
    if (tools) tools.hidden = !(mine && i.status === "active");
    if (wrap) wrap.hidden = !(mine && i.status === "wrap_up");
    var acceptRow = part("accept-row", this.el);
    acceptRow.hidden = mine;
    var accept = acceptRow.querySelector('[data-action="accept"]');
    accept.hidden = !(MODE === "console" && i.status === "queued");
  };

  Conv.prototype.place = function (mode) {
    this.mode = mode;
    var target = mode === "mine" ? part("panes") : part("reading");
    if (this.el.parentNode !== target) target.appendChild(this.el);
    this.renderStatus();
    refreshSections();
  };

  Conv.prototype.watch = function () {
    send({ type: "watch", conversation: this.id, after: this.lastSeq });
  };

  Conv.prototype.remove = function () {
    if (this.el.parentNode) this.el.parentNode.removeChild(this.el);
    delete convs[this.id];
    refreshSections();
  };

  Conv.prototype.paneAlert = function (text) {
    var box = part("pane-alert", this.el);
    box.textContent = "";
    if (text) box.appendChild(h("p", { text: text }));
  };

  Conv.prototype.messageNode = function (m) {
    var data = m.data || {};
    var classes = "hl-msg hl-from-" + m.sender_type + (m.internal ? " hl-internal" : "");
    var node = h("div", { class: classes });
    if (m.seq) node.setAttribute("data-seq", m.seq);
    if (m.sender_type === "system") {
      node.appendChild(h("p", { text: m.body }));
      return node;
    }
    var who = m.sender_type === "visitor" ? L.visitor : m.sender_type === "bot" ? L.engine : m.sender_name || L.system;
    if (m.internal) who += " · " + L.privateNote;
    var time = "";
    if (m.created_at) {
      try {
        time = new Date(m.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      } catch (e) {
        time = "";
      }
    }
    node.appendChild(h("p", { class: "hl-sender" }, [who, time ? " " + time : ""]));
    if (data.note) node.appendChild(h("p", { class: "hl-note", text: data.note }));
    node.appendChild(h("div", { class: "hl-body", text: m.body }));
    var citations = Array.isArray(data.citations) ? data.citations : [];
    if (citations.length) {
      node.appendChild(h("p", { class: "hl-sources-title", text: L.sources }));
      var list = h("ol", { class: "hl-citations" });
      citations.forEach(function (c) {
        list.appendChild(
          h("li", {}, [
            h("a", { href: c.url, target: "_blank", rel: "noopener", text: c.title + (c.section ? " — " + c.section : "") }),
            c.last_revised ? " · " + L.lastRevised + ": " + c.last_revised : "",
          ])
        );
      });
      node.appendChild(list);
    }
    if (data.reminder) node.appendChild(h("p", { class: "hl-reminder", text: data.reminder }));
    if (m.pending) node.appendChild(h("p", { class: "hl-pending", text: L.sending }));
    return node;
  };

  Conv.prototype.append = function (node) {
    var nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
    this.log.appendChild(node);
    if (nearBottom) this.log.scrollTop = this.log.scrollHeight;
  };

  Conv.prototype.onMessage = function (m) {
    if (typeof m.seq !== "number") return;
    if (m.seq > this.lastSeq) this.lastSeq = m.seq;
    if (this.seen[m.seq]) return;
    this.seen[m.seq] = true;
    var mine = m.client_id && this.pending[m.client_id];
    if (mine) {
      this.confirm(m.client_id, m.seq);
      return;
    }
    this.append(this.messageNode(m));
    if (m.sender_type === "visitor") part("typing", this.el).textContent = "";
  };

  Conv.prototype.confirm = function (cid, seq) {
    var item = this.pending[cid];
    if (!item) return;
    delete this.pending[cid];
    this.seen[seq] = true;
    var note = item.node.querySelector(".hl-pending");
    if (note) note.parentNode.removeChild(note);
    item.node.setAttribute("data-seq", seq);
  };

  Conv.prototype.sendReply = function () {
    var box = part("reply", this.el);
    var body = box.value.trim();
    if (!body) return;
    var internal = part("internal", this.el).checked;
    var cid = clientId();
    var node = this.messageNode({ sender_type: "specialist", sender_name: root.getAttribute("data-username"), body: body, internal: internal, pending: true });
    this.pending[cid] = { body: body, internal: internal, node: node };
    this.append(node);
    this.log.scrollTop = this.log.scrollHeight;
    box.value = "";
    part("internal", this.el).checked = false;
    send({ type: "message", conversation: this.id, client_id: cid, body: body, internal: internal });
  };

  Conv.prototype.flush = function () {
    var self = this;
    Object.keys(this.pending).forEach(function (cid) {
      var item = self.pending[cid];
      send({ type: "message", conversation: self.id, client_id: cid, body: item.body, internal: item.internal });
    });
  };

  Conv.prototype.transfer = function (target) {
    var note = part("transfer-note", this.el);
    send(Object.assign({ type: "transfer", conversation: this.id, note: note ? note.value.trim() : "" }, target));
  };

  Conv.prototype.searchKnowledge = function () {
    var query = part("kb-query", this.el).value.trim();
    var results = part("kb-results", this.el);
    if (!query) return;
    results.textContent = L.searching;
    var url = KB_URL + "?q=" + encodeURIComponent(query) + "&lang=" + encodeURIComponent(this.info.language || "en");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      })
      .then(function (r) {
        results.textContent = "";
        if (!r.ok) {
          results.textContent = r.data.error || L.error;
          return;
        }
        if (!r.data.results.length) {
          results.textContent = L.noResults;
          return;
        }
        var list = h("ul", { class: "console-kb-results" });
        r.data.results.forEach(function (item) {
          list.appendChild(
            h("li", {}, [
              h("p", {}, [h("a", { href: item.url, target: "_blank", rel: "noopener", text: item.title + (item.section ? " — " + item.section : "") })]),
              h("p", { text: item.extract }),
              h("p", { class: "small", text: L.lastRevised + ": " + (item.last_revised || "—") }),
              h("button", { type: "button", class: "button button-secondary", "data-action": "insert-kb", "data-text": item.cited }, [
                L.insert,
                h("span", { class: "hl-visually-hidden", text: " " + item.title + (item.section ? ", " + item.section : "") }),
              ]),
            ])
          );
        });
        results.appendChild(list);
      })
      .catch(function () {
        results.textContent = L.error;
      });
  };

  Conv.prototype.submitWrapUp = function (form) {
    var self = this;
    this.paneAlert("");
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) { return { ok: r.ok, data: data }; });
      })
      .then(function (r) {
        if (!r.ok) {
          self.paneAlert(r.data.error || L.error);
          return;
        }
        self.wrapped = true;
        self.remove();
        notice(L.wrapUpSaved);
      })
      .catch(function () {
        self.paneAlert(L.error);
      });
  };

  function notice(text) {
    setConnection(text);
  }

  // --- the queue and the supervisor's tables -------------------------------------------------------

  function minutesWaiting(item) {
    var seconds = (item.waited_seconds || 0) + (Date.now() - stateAt) / 1000;
    return fill(L.minutes, { minutes: Math.floor(seconds / 60) });
  }

  function rememberFocus(container) {
    var active = document.activeElement;
    if (!active || !container.contains(active)) return null;
    return { action: active.getAttribute("data-action"), conversation: active.getAttribute("data-conversation") };
  }

  function restoreFocus(container, focus) {
    if (!focus) return;
    var again = container.querySelector('[data-action="' + focus.action + '"][data-conversation="' + focus.conversation + '"]');
    if (again) {
      again.focus();
      return;
    }
    var heading = container.closest("section").querySelector("h2");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  function rowButton(action, label, item, extraClass) {
    return h("button", {
      type: "button",
      class: "button" + (extraClass ? " " + extraClass : ""),
      "data-action": action,
      "data-conversation": item.conversation,
    }, [label, h("span", { class: "hl-visually-hidden", text: " · " + languageName(item.language) + (item.topic ? " · " + item.topic : "") })]);
  }

  function renderQueue(state) {
    var body = part("queue");
    if (!body) return;
    var focus = rememberFocus(body);
    body.textContent = "";
    (state.queue || []).forEach(function (item) {
      var priority = String(item.priority);
      var row = h("tr", {
        class: item.priority === 0 ? "console-crisis" : item.priority === 1 ? "console-urgent" : "",
        "data-conversation": item.conversation,
        "data-priority": priority,
      }, [
        h("td", {}, [h("span", { class: "console-priority-" + priority, text: L.priority[priority] || priority })]),
        h("td", { text: minutesWaiting(item) }),
        h("td", { text: languageName(item.language) }),
        h("td", { text: (L.callerType || {})[item.caller_type || ""] || item.caller_type }),
        h("td", { text: item.topic || "—" }),
        h("td", { text: (L.queue || {})[item.queue] || item.queue }),
        h("td", {}, [h("div", { class: "console-row-actions" }, [
          rowButton("read", L.read, item, "button-secondary"),
          MODE === "console" ? rowButton("accept", L.accept, item) : null,
        ])]),
      ]);
      body.appendChild(row);
    });
    var empty = !(state.queue || []).length;
    part("queue-table").hidden = empty;
    part("queue-empty").hidden = !empty;
    restoreFocus(body, focus);
  }

  function renderSupervisor(state) {
    var specialists = part("specialists");
    if (specialists) {
      specialists.textContent = "";
      (state.specialists || []).forEach(function (s) {
        specialists.appendChild(h("tr", { "data-username": s.username }, [
          h("td", { text: s.username }),
          h("td", { text: s.available ? L.available : L.away }),
          h("td", { text: String(s.active) }),
          h("td", { text: String(s.capacity) }),
        ]));
      });
      var none = !(state.specialists || []).length;
      part("specialists-table").hidden = none;
      part("specialists-empty").hidden = !none;
    }
    var active = part("active");
    if (active) {
      var focus = rememberFocus(active);
      active.textContent = "";
      (state.active || []).forEach(function (item) {
        active.appendChild(h("tr", { "data-conversation": item.conversation }, [
          h("td", { text: item.specialist || "—" }),
          h("td", { text: languageName(item.language) }),
          h("td", { text: (L.callerType || {})[item.caller_type || ""] || item.caller_type }),
          h("td", { text: item.topic || "—" }),
          h("td", {}, [rowButton("read", L.read, item, "button-secondary")]),
        ]));
      });
      var nothing = !(state.active || []).length;
      part("active-table").hidden = nothing;
      part("active-empty").hidden = !nothing;
      restoreFocus(active, focus);
    }
  }

  function refreshSections() {
    var reading = part("reading-section");
    if (reading) reading.hidden = !part("reading").children.length;
    var panes = part("panes");
    var empty = part("mine-empty");
    if (panes && empty) empty.hidden = panes.children.length > 0;
  }

  function findInfo(state, id) {
    var lists = [state.mine || [], state.queue || [], state.active || []];
    for (var i = 0; i < lists.length; i += 1) {
      for (var j = 0; j < lists[i].length; j += 1) {
        if (lists[i][j].conversation === id) return lists[i][j];
      }
    }
    return null;
  }

  function applyState(state) {
    lastState = state;
    stateAt = Date.now();
    renderQueue(state);
    renderSupervisor(state);
    var available = part("available");
    if (available && document.activeElement !== available) available.checked = !!state.available;
    var capacity = part("capacity");
    if (capacity && document.activeElement !== capacity) capacity.value = state.capacity;
    var callbacks = part("callbacks");
    if (callbacks) callbacks.textContent = String(state.callbacks || 0);
    var mine = {};
    (state.mine || []).forEach(function (info) {
      mine[info.conversation] = true;
      var conv = convs[info.conversation] || new Conv(info.conversation, info);
      conv.setInfo(info);
      if (conv.mode !== "mine") {
        conv.place("mine");
        conv.watch(); // what we have not seen yet (e.g. the "joined" line, a transferred history)
      }
    });
    Object.keys(convs).forEach(function (id) {
      var conv = convs[id];
      if (conv.mode === "mine" && !mine[id]) {
        conv.remove();
        if (!conv.wrapped) notice(L.transferred);
        return;
      }
      if (conv.mode === "reading") {
        var info = findInfo(state, id);
        if (!info) {
          conv.remove();
          notice(L.takenByOther);
        } else {
          conv.setInfo(info);
        }
      }
    });
    refreshSections();
  }

  function openReading(id) {
    var info = lastState ? findInfo(lastState, id) : null;
    var conv = convs[id];
    if (!conv) {
      // One waiting chat at a time in the reading area.
      Object.keys(convs).forEach(function (other) {
        if (convs[other].mode === "reading") convs[other].remove();
      });
      conv = new Conv(id, info || {});
      conv.place("reading");
      conv.watch();
    }
    conv.el.scrollIntoView({ block: "nearest" });
    conv.log.focus();
  }

  // --- events from the server ----------------------------------------------------------------------

  function handle(event) {
    var conv = event.conversation ? convs[event.conversation] : null;
    switch (event.type) {
      case "queue":
        applyState(event);
        break;
      case "message":
        if (conv) conv.onMessage(event);
        break;
      case "ack":
        if (conv) conv.confirm(event.client_id, event.seq);
        break;
      case "status":
        if (conv) conv.setInfo({ status: event.status, position: event.position });
        break;
      case "typing":
        if (event.from === "visitor") showVisitorTyping(conv);
        break;
      case "error":
        showAlert(event.message || L.error);
        break;
      default:
        break;
    }
  }

  var typingTimers = {};
  function showVisitorTyping(conv) {
    // Typing events do not say which conversation they belong to: with one chat open it is
    // that one; with several, every open chat shows it briefly.
    var targets = conv ? [conv] : Object.keys(convs).map(function (id) { return convs[id]; }).filter(function (c) { return c.mode === "mine"; });
    targets.forEach(function (c) {
      var line = part("typing", c.el);
      line.textContent = L.visitorTyping;
      clearTimeout(typingTimers[c.id]);
      typingTimers[c.id] = setTimeout(function () { line.textContent = ""; }, 4000);
    });
  }

  // --- the socket ----------------------------------------------------------------------------------

  function connect() {
    if (stopped || ws) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/console/");
    ws = socket;
    setConnection(attempts ? L.reconnecting : L.connecting);
    socket.onopen = function () {
      attempts = 0;
      setConnection(L.connected);
      // Catch up every pane from its last seq, then resend what was not acknowledged.
      Object.keys(convs).forEach(function (id) {
        convs[id].watch();
        convs[id].flush();
      });
    };
    socket.onmessage = function (message) {
      var event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      handle(event);
    };
    socket.onclose = function (event) {
      if (ws === socket) ws = null;
      if (event.code === 4403) {
        stopped = true;
        setConnection(L.signedOut);
        return;
      }
      attempts += 1;
      setConnection(L.reconnecting);
      var delay = Math.min(15000, 500 * Math.pow(2, attempts - 1)) * (0.75 + Math.random() * 0.5);
      clearTimeout(reconnectTimer);
      reconnectTimer = setTimeout(connect, delay);
    };
  }

  // --- controls on the page ------------------------------------------------------------------------

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (!button || button.closest('[data-role="pane"]')) return;
    var id = button.getAttribute("data-conversation");
    var action = button.getAttribute("data-action");
    if (action === "read" && id) openReading(id);
    else if (action === "accept" && id) send({ type: "accept", conversation: id });
  });

  function sendAvailability() {
    var capacity = parseInt(part("capacity").value, 10);
    send({
      type: "availability",
      available: part("available").checked,
      capacity: isNaN(capacity) ? undefined : Math.max(1, Math.min(10, capacity)),
    });
  }
  if (part("available")) {
    part("available").addEventListener("change", sendAvailability);
    part("capacity").addEventListener("change", sendAvailability);
  }

  setInterval(function () {
    if (lastState) renderQueue(lastState);
  }, 30000);
  window.addEventListener("online", function () {
    attempts = 0;
    connect();
  });
  connect();
})();
