/* Helpline live chat: the visitor's widget. Vanilla JS, no build step.
 *
 * On the helpline's own site base.html loads it on every page: the chat page (/<lang>/chat/)
 * holds an element with [data-helpline-chat] where the chat is drawn in place, and the header's
 * "Live Chat" button ([data-helpline-chat-open]) opens the same chat in a panel on any other
 * page. Other sites embed it with one line:
 *
 *   <script src="https://HELPLINE/static/helpline/chat-widget.js"
 *           data-helpline-url="https://HELPLINE" data-lang="es" defer></script>
 *
 * and get a "Live chat" button in the corner.
 *
 * Delivery (docs/subsystems/console.md): the conversation id, its token, the last sequence
 * number seen, the messages shown and the outbox of unacknowledged messages live in
 * sessionStorage, so a reload resumes. Every (re)connection sends {"type": "resume", "after":
 * <last seq seen>} and then resends the outbox with the same client ids (the server stores a
 * client id once). Received messages are deduplicated by seq. The socket reconnects with
 * exponential backoff; after two failed attempts the widget also catches up over HTTP.
 */
(function () {
  "use strict";

  if (window.HelplineChat) {
    return; // loaded twice (e.g. the site's own tag and a pasted snippet)
  }

  var script =
    document.currentScript ||
    (function () {
      var found = document.querySelectorAll('script[src*="chat-widget.js"]');
      return found.length ? found[found.length - 1] : null;
    })();
  var scriptData = (script && script.dataset) || {};
  var scriptOrigin = location.origin;
  try {
    if (script && script.src) scriptOrigin = new URL(script.src, location.href).origin;
  } catch (e) {
    /* keep the page's origin */
  }
  var BASE = String(scriptData.helplineUrl || scriptOrigin).replace(/\/+$/, "");
  var WS_BASE = BASE.replace(/^http/, "ws");
  var STORE = "helpline-chat"; // every key the widget writes starts with this
  var MAX_BODY = 4000;
  var MAX_KEPT = 300; // messages kept in sessionStorage for a reload

  var STRINGS = {
    en: {
      title: "Live chat",
      launcher: "Live chat",
      intro:
        "Ask about cancer. Our answer engine replies first, from our medically reviewed articles. A cancer information specialist is a click away.",
      quickExit: "Quick exit",
      quickExitHelp: "Leaves this site at once and clears this chat from this browser.",
      minimise: "Minimise the chat",
      language: "Language",
      whoLegend: "Who are you asking for? (optional)",
      patient: "Myself: I have cancer",
      caregiver: "Someone I care for",
      family: "A family member or friend",
      other: "Someone else",
      topic: "What would you like to talk about? (optional)",
      start: "Start chat",
      privacy:
        "You don't need to give your name. Please don't share details that identify you.",
      messages: "Messages",
      yourMessage: "Your message",
      composerHelp: "Enter sends; Shift+Enter starts a new line.",
      send: "Send",
      talk: "Talk to a specialist",
      endChat: "End chat",
      you: "You",
      engine: "Answer engine",
      specialist: "Specialist",
      sources: "Sources",
      lastRevised: "Last revised",
      newTab: "(opens in a new tab)",
      sending: "Sending…",
      notSent: "Not sent yet: it will be sent when the connection is back.",
      statusBot:
        "You are chatting with our answer engine. It answers from our medically reviewed articles.",
      statusQueued: "You are number {position} in the queue for a specialist.",
      statusQueuedNoPos: "You are in the queue for a specialist.",
      expectedWait: "Expected wait: about {minutes} min.",
      statusActive: "You are chatting with a cancer information specialist.",
      statusEnded: "The conversation has ended.",
      joined: "{name} joined the conversation.",
      transferred: "You are being transferred to another specialist.",
      typing: "The specialist is typing…",
      reconnecting: "Connection lost. Reconnecting…",
      offline: "We cannot reach the chat right now.",
      rateLimited:
        "You are sending messages very fast. Please wait a moment: we will send your message shortly.",
      tooMany: "Too many chats were opened from here.",
      tooManyMessages: "Too many messages were left from here. Please call us instead.",
      startFailed: "The chat could not start. Please try again later.",
      lost: "This chat can no longer be resumed. You can start a new one.",
      emptyMessage: "Please write a message first.",
      tooLong: "Please keep a message under 4000 characters.",
      closedTitle: "Chat with a specialist is closed now.",
      closedBody: "Our phone line is open 24 hours a day, 7 days a week:",
      chatHours: "Chat hours:",
      closedEngine:
        "You can still ask our answer engine, or leave a message and a specialist will contact you.",
      leaveMessage: "Leave a message",
      callbackTitle: "Leave a message for a specialist",
      name: "Your name (optional)",
      method: "How should we contact you?",
      byPhone: "By phone",
      byEmail: "By e-mail",
      phoneNumber: "Phone number",
      emailAddress: "E-mail address",
      callbackMessage: "What would you like to ask?",
      callbackSend: "Send message",
      callbackThanksPhone: "Thank you. A specialist will call you back as soon as possible.",
      callbackThanksEmail: "Thank you. A specialist will e-mail you as soon as possible.",
      endedTitle: "The conversation has ended",
      surveyTitle: "How was this chat?",
      surveyRating: "How helpful was it? 1 is not helpful, 5 is very helpful.",
      surveyComment: "Anything you would like to tell us? (optional)",
      surveySend: "Send feedback",
      surveyThanks: "Thank you for your feedback.",
      chooseRating: "Please choose a rating from 1 to 5.",
      transcriptTitle: "Get a copy by e-mail",
      transcriptHelp: "We use this address only to send the copy; we don't keep it.",
      transcriptSend: "E-mail me the transcript",
      transcriptSent: "The transcript is on its way to {email}.",
      newChat: "Start a new chat",
      error: "Something went wrong. Please try again.",
      callUs: "Call us:",
      available247: "available 24/7",
      phoneLine: "Our phone line",
    },
    es: {
      title: "Chat en vivo",
      launcher: "Chat en vivo",
      intro:
        "Pregunte sobre el cáncer. Primero responde nuestro buscador de respuestas, con nuestros artículos revisados por médicos. Un especialista en información sobre el cáncer está a un clic.",
      quickExit: "Salida rápida",
      quickExitHelp: "Sale de este sitio de inmediato y borra este chat de este navegador.",
      minimise: "Minimizar el chat",
      language: "Idioma",
      whoLegend: "¿Para quién pregunta? (opcional)",
      patient: "Para mí: tengo cáncer",
      caregiver: "Una persona a la que cuido",
      family: "Un familiar o amigo",
      other: "Otra persona",
      topic: "¿De qué quiere hablar? (opcional)",
      start: "Empezar el chat",
      privacy: "No hace falta que dé su nombre. Por favor, no comparta datos que lo identifiquen.",
      messages: "Mensajes",
      yourMessage: "Su mensaje",
      composerHelp: "Intro envía; Mayús+Intro empieza una línea nueva.",
      send: "Enviar",
      talk: "Hablar con un especialista",
      endChat: "Terminar el chat",
      you: "Usted",
      engine: "Buscador de respuestas",
      specialist: "Especialista",
      sources: "Fuentes",
      lastRevised: "Última revisión",
      newTab: "(se abre en una pestaña nueva)",
      sending: "Enviando…",
      notSent: "Aún no enviado: se enviará cuando vuelva la conexión.",
      statusBot:
        "Está chateando con nuestro buscador de respuestas. Responde con nuestros artículos revisados por médicos.",
      statusQueued: "Usted es el número {position} en la fila para hablar con un especialista.",
      statusQueuedNoPos: "Está en la fila para hablar con un especialista.",
      expectedWait: "Espera estimada: unos {minutes} min.",
      statusActive: "Está chateando con un especialista en información sobre el cáncer.",
      statusEnded: "La conversación ha terminado.",
      joined: "{name} se unió a la conversación.",
      transferred: "Lo estamos transfiriendo a otro especialista.",
      typing: "El especialista está escribiendo…",
      reconnecting: "Se perdió la conexión. Reconectando…",
      offline: "No podemos conectar con el chat en este momento.",
      rateLimited:
        "Está enviando mensajes muy rápido. Espere un momento: enviaremos su mensaje en breve.",
      tooMany: "Se abrieron demasiados chats desde aquí.",
      tooManyMessages: "Se dejaron demasiados mensajes desde aquí. Por favor, llámenos.",
      startFailed: "No se pudo iniciar el chat. Inténtelo más tarde.",
      lost: "Este chat ya no se puede retomar. Puede empezar uno nuevo.",
      emptyMessage: "Escriba un mensaje primero.",
      tooLong: "Por favor, escriba menos de 4000 caracteres por mensaje.",
      closedTitle: "El chat con un especialista está cerrado ahora.",
      closedBody: "Nuestra línea telefónica está abierta las 24 horas, los 7 días de la semana:",
      chatHours: "Horario del chat:",
      closedEngine:
        "Aún puede preguntar a nuestro buscador de respuestas, o dejar un mensaje y un especialista se pondrá en contacto con usted.",
      leaveMessage: "Dejar un mensaje",
      callbackTitle: "Deje un mensaje para un especialista",
      name: "Su nombre (opcional)",
      method: "¿Cómo quiere que lo contactemos?",
      byPhone: "Por teléfono",
      byEmail: "Por correo electrónico",
      phoneNumber: "Número de teléfono",
      emailAddress: "Correo electrónico",
      callbackMessage: "¿Qué quiere preguntar?",
      callbackSend: "Enviar mensaje",
      callbackThanksPhone: "Gracias. Un especialista lo llamará lo antes posible.",
      callbackThanksEmail: "Gracias. Un especialista le escribirá lo antes posible.",
      endedTitle: "La conversación ha terminado",
      surveyTitle: "¿Qué le pareció este chat?",
      surveyRating: "¿Qué tan útil fue? 1 es nada útil, 5 es muy útil.",
      surveyComment: "¿Algo que quiera decirnos? (opcional)",
      surveySend: "Enviar opinión",
      surveyThanks: "Gracias por su opinión.",
      chooseRating: "Elija una calificación del 1 al 5.",
      transcriptTitle: "Recibir una copia por correo",
      transcriptHelp: "Usamos esta dirección solo para enviar la copia; no la guardamos.",
      transcriptSend: "Enviarme la copia por correo",
      transcriptSent: "La copia va camino a {email}.",
      newChat: "Empezar un chat nuevo",
      error: "Algo salió mal. Inténtelo de nuevo.",
      callUs: "Llámenos:",
      available247: "disponible 24/7",
      phoneLine: "Nuestra línea telefónica",
    },
  };

  function normLang(value) {
    return String(value || "").toLowerCase().indexOf("es") === 0 ? "es" : "en";
  }

  function fill(text, vars) {
    return String(text).replace(/\{(\w+)\}/g, function (all, name) {
      return vars && vars[name] !== undefined && vars[name] !== null ? String(vars[name]) : all;
    });
  }

  // --- small DOM helpers -------------------------------------------------------------------

  var counter = 0;
  function newId(prefix) {
    counter += 1;
    return "hl-" + prefix + "-" + counter;
  }

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    var key;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
      var value = attrs[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key.indexOf("on") === 0 && typeof value === "function")
        node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    [].concat(children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function clientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      })
      .join("");
  }

  // --- storage -----------------------------------------------------------------------------

  function loadState() {
    try {
      var raw = window.sessionStorage.getItem(STORE);
      var state = raw ? JSON.parse(raw) : null;
      if (state && state.conversation && state.token) {
        state.messages = state.messages || [];
        state.outbox = state.outbox || [];
        state.lastSeq = state.lastSeq || 0;
        return state;
      }
    } catch (e) {
      /* unreadable: start afresh */
    }
    return null;
  }

  function saveState(state) {
    try {
      if (state) window.sessionStorage.setItem(STORE, JSON.stringify(state));
      else window.sessionStorage.removeItem(STORE);
    } catch (e) {
      /* storage full or blocked: the chat still works until a reload */
    }
  }

  function clearStorage() {
    [window.sessionStorage, window.localStorage].forEach(function (storage) {
      try {
        for (var i = storage.length - 1; i >= 0; i -= 1) {
          var key = storage.key(i);
          if (key && key.indexOf(STORE) === 0) storage.removeItem(key);
        }
      } catch (e) {
        /* blocked storage: nothing to clear */
      }
    });
  }

  // --- HTTP --------------------------------------------------------------------------------

  function api(method, path, body, token) {
    var headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers["X-Chat-Token"] = token;
    return fetch(BASE + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          return { ok: response.ok, status: response.status, data: data || {} };
        });
    });
  }

  // --- the widget --------------------------------------------------------------------------

  var widgets = [];

  function Widget(mount, options) {
    this.mount = mount;
    this.options = options;
    this.state = loadState();
    this.lang = normLang(this.state ? this.state.lang : options.lang);
    this.chatOpen = options.chatOpen;
    if (this.state && typeof this.state.chatOpen === "boolean") this.chatOpen = this.state.chatOpen;
    this.ws = null;
    this.attempts = 0;
    this.reconnectTimer = null;
    this.stopped = false;
    this.seen = {};
    this.bubbles = {}; // client id -> element of a message not yet acknowledged
    this.pendingCommands = [];
    this.lastTypingSent = 0;
    this.typingTimer = null;
    this.flushTimer = null;
    widgets.push(this);
    this.build();
    if (this.state && !this.state.ended) this.connect();
  }

  Widget.prototype.t = function (key, vars) {
    var table = STRINGS[this.lang] || STRINGS.en;
    return fill(table[key] !== undefined ? table[key] : STRINGS.en[key], vars);
  };

  // "2026-11-20" as the visitor's language writes a date ("Nov 20, 2026", "20 nov 2026").
  Widget.prototype.revisedOn = function (iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts || typeof Intl === "undefined") return iso;
    var day = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    try {
      return new Intl.DateTimeFormat(this.lang, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(day);
    } catch (e) {
      return iso;
    }
  };

  Widget.prototype.headingTag = function (sub) {
    // The chat page has its own h1; in a panel the panel's title is the h2.
    if (this.options.floating) return sub ? "h3" : "h2";
    return "h2";
  };

  Widget.prototype.build = function () {
    var self = this;
    var focusId = document.activeElement && document.activeElement.getAttribute("data-hl-focus");
    this.mount.textContent = "";
    this.seen = {};
    this.bubbles = {};
    this.root = h("div", { class: "hl-chat", lang: this.lang });
    var toolbar = h("div", { class: "hl-toolbar" });
    if (this.options.floating) {
      toolbar.appendChild(h("h2", { class: "hl-title", text: this.t("title") }));
    }
    var exitHelpId = newId("exit-help");
    this.exitButton = h("button", {
      type: "button",
      class: "hl-quick-exit",
      "data-hl-focus": "quick-exit",
      "aria-describedby": exitHelpId,
      text: this.t("quickExit"),
      onclick: function () {
        quickExit(self.options.quickExit);
      },
    });
    toolbar.appendChild(this.exitButton);
    toolbar.appendChild(
      h("span", { id: exitHelpId, class: "hl-visually-hidden", text: this.t("quickExitHelp") })
    );
    if (this.options.floating && this.options.onMinimise) {
      toolbar.appendChild(
        h("button", {
          type: "button",
          class: "hl-minimise",
          "aria-label": this.t("minimise"),
          text: "–",
          onclick: function () {
            self.options.onMinimise();
          },
        })
      );
    }
    this.root.appendChild(toolbar);
    this.connLine = h("p", { class: "hl-conn", role: "status" });
    this.alertBox = h("div", { class: "hl-alert", role: "alert" });
    this.root.appendChild(this.connLine);
    this.root.appendChild(this.alertBox);
    this.closedBox = null;
    if (this.chatOpen === false) {
      // Outside chat hours: the phone line and a callback form; the engine still answers.
      this.closedBox = this.buildClosed();
      this.root.appendChild(this.closedBox);
    }
    if (!this.state) {
      this.root.appendChild(this.buildPreChat());
    } else {
      this.root.appendChild(this.buildChat());
      this.restoreMessages();
      if (this.state.ended) this.showEnded(false);
      else this.renderStatus();
    }
    this.mount.appendChild(this.root);
    if (focusId) {
      var again = this.root.querySelector('[data-hl-focus="' + focusId + '"]');
      if (again) again.focus();
    }
  };

  Widget.prototype.showAlert = function (text, withPhone) {
    this.alertBox.textContent = "";
    if (text) this.alertBox.appendChild(h("p", {}, [text, withPhone ? this.phoneLine() : null]));
  };

  // " Call us: 1-800-… (available 24/7)" after a message that sends the visitor to the phone.
  Widget.prototype.phoneLine = function () {
    var link = this.phoneLink();
    if (!link) return null;
    var when = this.options.phoneHours || this.t("available247");
    return h("span", {}, [" " + this.t("callUs") + " ", link, " (" + when + ")"]);
  };

  Widget.prototype.setConnection = function (text, withPhone) {
    this.connLine.textContent = "";
    if (text) this.connLine.appendChild(document.createTextNode(text));
    if (text && withPhone) {
      var line = this.phoneLine();
      if (line) this.connLine.appendChild(line);
    }
  };

  // --- closed hours: phone line and callback form ---------------------------------------------

  Widget.prototype.phoneLink = function () {
    var phone = this.options.phone;
    if (!phone) return null;
    return h("a", { href: this.options.phoneHref || "tel:" + phone.replace(/[^\d+]/g, ""), class: "hl-phone", text: phone });
  };

  Widget.prototype.buildClosed = function () {
    var self = this;
    var box = h("div", { class: "hl-closed" });
    box.appendChild(h("p", {}, [h("strong", { text: this.t("closedTitle") })]));
    var phone = this.phoneLink();
    if (phone && this.options.phoneHours) {
      box.appendChild(h("p", {}, [this.t("phoneLine") + " (" + this.options.phoneHours + "): ", phone]));
    } else if (phone) {
      box.appendChild(h("p", {}, [this.t("closedBody") + " ", phone]));
    }
    if (this.options.hours) {
      box.appendChild(h("p", { class: "hl-small", text: this.t("chatHours") + " " + this.options.hours }));
    }
    box.appendChild(h("p", { text: this.t("closedEngine") }));
    var formId = newId("callback");
    this.callbackToggle = h("button", {
      type: "button",
      class: "hl-button hl-secondary",
      "aria-expanded": "false",
      "aria-controls": formId,
      "data-hl-focus": "callback-toggle",
      text: this.t("leaveMessage"),
      onclick: function () {
        self.toggleCallback();
      },
    });
    box.appendChild(h("p", {}, [this.callbackToggle]));
    this.callbackForm = this.buildCallback(formId);
    box.appendChild(this.callbackForm);
    return box;
  };

  Widget.prototype.toggleCallback = function (open) {
    if (!this.closedBox) return;
    var show = open === undefined ? this.callbackForm.hidden : open;
    this.callbackForm.hidden = !show;
    this.callbackToggle.setAttribute("aria-expanded", show ? "true" : "false");
    if (show) {
      var first = this.callbackForm.querySelector("input");
      if (first) first.focus();
    }
  };

  Widget.prototype.buildCallback = function (formId) {
    var self = this;
    var ids = { name: newId("cb-name"), contact: newId("cb-contact"), message: newId("cb-message") };
    var radioName = newId("cb-method");
    var contactLabel = h("label", { for: ids.contact, text: this.t("phoneNumber") });
    var contact = h("input", { id: ids.contact, name: "contact", type: "tel", required: true, autocomplete: "tel", maxlength: 254 });
    var result = h("p", { class: "hl-result", role: "status" });
    function method(value, label, checked) {
      var id = newId("cb-" + value);
      return h("span", { class: "hl-choice" }, [
        h("input", {
          type: "radio",
          id: id,
          name: radioName,
          value: value,
          checked: checked,
          onchange: function () {
            var email = value === "email";
            contactLabel.textContent = self.t(email ? "emailAddress" : "phoneNumber");
            contact.type = email ? "email" : "tel";
            contact.autocomplete = email ? "email" : "tel";
          },
        }),
        h("label", { for: id, text: label }),
      ]);
    }
    var form = h("form", { id: formId, class: "hl-callback", hidden: true, novalidate: false }, [
      h(this.headingTag(true), { class: "hl-subtitle", text: this.t("callbackTitle") }),
      h("p", {}, [h("label", { for: ids.name, text: this.t("name") }), h("input", { id: ids.name, name: "name", type: "text", autocomplete: "name", maxlength: 100 })]),
      h("fieldset", {}, [
        h("legend", { text: this.t("method") }),
        method("phone", this.t("byPhone"), true),
        method("email", this.t("byEmail"), false),
      ]),
      h("p", {}, [contactLabel, contact]),
      h("p", {}, [h("label", { for: ids.message, text: this.t("callbackMessage") }), h("textarea", { id: ids.message, name: "message", rows: 3, required: true, maxlength: MAX_BODY })]),
      h("p", {}, [h("button", { type: "submit", class: "hl-button", text: this.t("callbackSend") })]),
      result,
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector('input[name="' + radioName + '"]:checked');
      var payload = {
        language: self.lang,
        method: chosen ? chosen.value : "phone",
        contact: contact.value.trim(),
        message: form.querySelector("textarea").value.trim(),
        name: form.querySelector('input[name="name"]').value.trim(),
      };
      result.textContent = self.t("sending");
      api("POST", "/api/chat/callback", payload).then(
        function (r) {
          if (r.ok) {
            form.reset();
            result.textContent = self.t(payload.method === "email" ? "callbackThanksEmail" : "callbackThanksPhone");
          } else {
            result.textContent = r.status === 429 ? self.t("tooManyMessages") : r.data.error || self.t("error");
          }
        },
        function () {
          result.textContent = self.t("offline");
        }
      );
    });
    return form;
  };

  // --- before the chat: language, who is asking, topic -----------------------------------------

  Widget.prototype.buildPreChat = function () {
    var self = this;
    var ids = { lang: newId("lang"), topic: newId("topic") };
    var radioName = newId("caller");
    var select = h("select", { id: ids.lang, name: "language", "data-hl-focus": "language" }, [
      h("option", { value: "en", lang: "en", selected: this.lang === "en", text: "English" }),
      h("option", { value: "es", lang: "es", selected: this.lang === "es", text: "Español" }),
    ]);
    select.addEventListener("change", function () {
      self.lang = normLang(select.value);
      self.build(); // redraw every word in the chosen language
    });
    var who = h("fieldset", { class: "hl-who" }, [h("legend", { text: this.t("whoLegend") })]);
    ["patient", "caregiver", "family", "other"].forEach(function (value) {
      var id = newId("caller-" + value);
      who.appendChild(
        h("span", { class: "hl-choice" }, [
          h("input", { type: "radio", id: id, name: radioName, value: value }),
          h("label", { for: id, text: self.t(value) }),
        ])
      );
    });
    var topic = h("input", { id: ids.topic, name: "topic", type: "text", maxlength: 200, autocomplete: "off" });
    var button = h("button", { type: "submit", class: "hl-button", text: this.t("start") });
    var form = h("form", { class: "hl-prechat" }, [
      h("p", { class: "hl-intro", text: this.t("intro") }),
      h("p", {}, [h("label", { for: ids.lang, text: this.t("language") }), " ", select]),
      who,
      h("p", {}, [h("label", { for: ids.topic, text: this.t("topic") }), topic]),
      h("p", { class: "hl-small", text: this.t("privacy") }),
      h("p", {}, [button]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector('input[name="' + radioName + '"]:checked');
      button.disabled = true;
      self.start(self.lang, chosen ? chosen.value : "", topic.value.trim()).then(function () {
        button.disabled = false;
      });
    });
    return form;
  };

  Widget.prototype.start = function (lang, callerType, topic) {
    var self = this;
    this.showAlert("");
    return api("POST", "/api/chat/start", { language: lang, caller_type: callerType, topic: topic }).then(
      function (r) {
        if (r.status === 201 && r.data.conversation && r.data.token) {
          self.state = {
            v: 1,
            conversation: r.data.conversation,
            token: r.data.token,
            ws: r.data.websocket || "/ws/chat/" + r.data.conversation + "/?token=" + encodeURIComponent(r.data.token),
            lang: lang,
            lastSeq: 0,
            messages: [],
            outbox: [],
            status: { status: "bot", position: null, expected_wait_minutes: null },
            chatOpen: r.data.chat_open !== false,
            ended: false,
            surveyDone: false,
          };
          self.chatOpen = self.state.chatOpen;
          self.stopped = false;
          saveState(self.state);
          self.build();
          self.connect();
          if (self.composer) self.composer.focus();
        } else if (r.status === 429) {
          self.showAlert(self.t("tooMany"), true);
        } else {
          self.showAlert(r.data.error || self.t("startFailed"), true);
        }
      },
      function () {
        self.showAlert(self.t("startFailed"), true);
      }
    );
  };

  // --- the chat ----------------------------------------------------------------------------------

  Widget.prototype.buildChat = function () {
    var self = this;
    var ids = { composer: newId("composer"), help: newId("composer-help") };
    this.statusLine = h("p", { class: "hl-status", role: "status", "aria-live": "polite" });
    this.log = h("div", { class: "hl-log", role: "log", "aria-label": this.t("messages"), tabindex: "0" });
    this.typingLine = h("p", { class: "hl-typing" });
    this.talkButton = h("button", {
      type: "button",
      class: "hl-button hl-talk",
      "data-hl-focus": "talk",
      text: this.t("talk"),
      onclick: function () {
        self.handoff();
      },
    });
    this.leaveButton = h("button", {
      type: "button",
      class: "hl-button hl-secondary hl-leave",
      text: this.t("endChat"),
      onclick: function () {
        self.leave();
      },
    });
    this.actions = h("div", { class: "hl-actions" }, [this.talkButton, this.leaveButton]);
    this.composer = h("textarea", {
      id: ids.composer,
      name: "message",
      rows: 3,
      maxlength: MAX_BODY,
      "aria-describedby": ids.help,
      "data-hl-focus": "composer",
    });
    this.composerForm = h("form", { class: "hl-composer" }, [
      h("label", { for: ids.composer, text: this.t("yourMessage") }),
      this.composer,
      h("p", { id: ids.help, class: "hl-small", text: this.t("composerHelp") }),
      h("button", { type: "submit", class: "hl-button", text: this.t("send") }),
    ]);
    this.composer.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        self.submitComposer();
      }
    });
    this.composer.addEventListener("input", function () {
      self.typing();
    });
    this.composerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submitComposer();
    });
    this.endedBox = h("div", { class: "hl-ended", hidden: true });
    return h("div", { class: "hl-chatview" }, [
      this.statusLine,
      this.log,
      this.typingLine,
      this.actions,
      this.composerForm,
      this.endedBox,
    ]);
  };

  Widget.prototype.statusText = function () {
    var s = (this.state && this.state.status) || {};
    if (this.state && this.state.ended) return this.t("statusEnded");
    if (s.status === "queued") {
      var text = s.position ? this.t("statusQueued", { position: s.position }) : this.t("statusQueuedNoPos");
      if (s.position && s.expected_wait_minutes) {
        text += " " + this.t("expectedWait", { minutes: s.expected_wait_minutes });
      }
      return text;
    }
    if (s.status === "active") return this.t("statusActive");
    if (s.status === "wrap_up" || s.status === "closed") return this.t("statusEnded");
    return this.t("statusBot");
  };

  Widget.prototype.renderStatus = function () {
    if (!this.statusLine) return;
    var text = this.statusText();
    if (this.statusLine.textContent !== text) this.statusLine.textContent = text;
    var s = (this.state && this.state.status && this.state.status.status) || "bot";
    var waiting = s === "queued" || s === "active";
    // aria-disabled keeps the button visible and focusable while a specialist is on the way.
    this.talkButton.setAttribute("aria-disabled", waiting && this.chatOpen !== false ? "true" : "false");
    this.root.setAttribute("data-status", this.state && this.state.ended ? "ended" : s);
  };

  Widget.prototype.submitComposer = function () {
    var body = this.composer.value.trim();
    if (!body) {
      this.showAlert(this.t("emptyMessage"));
      return;
    }
    if (body.length > MAX_BODY) {
      this.showAlert(this.t("tooLong"));
      return;
    }
    this.showAlert("");
    this.composer.value = "";
    this.sendMessage(body);
  };

  Widget.prototype.sendMessage = function (body) {
    var item = { client_id: clientId(), body: body };
    this.state.outbox.push(item);
    saveState(this.state);
    this.appendBubble({ sender_type: "visitor", body: body, client_id: item.client_id, pending: true });
    if (!this.send({ type: "message", client_id: item.client_id, body: body })) {
      this.markUnsent();
    }
  };

  Widget.prototype.flushOutbox = function () {
    var self = this;
    (this.state ? this.state.outbox : []).forEach(function (item) {
      self.send({ type: "message", client_id: item.client_id, body: item.body });
    });
  };

  Widget.prototype.markUnsent = function () {
    var self = this;
    Object.keys(this.bubbles).forEach(function (cid) {
      var note = self.bubbles[cid].querySelector(".hl-pending");
      if (note) note.textContent = self.t("notSent");
    });
  };

  Widget.prototype.handoff = function () {
    if (this.chatOpen === false) {
      this.toggleCallback(true);
      return;
    }
    if (this.talkButton.getAttribute("aria-disabled") === "true") return;
    this.command({ type: "handoff" });
    this.state.status = { status: "queued", position: null, expected_wait_minutes: null };
    saveState(this.state);
    this.renderStatus();
  };

  Widget.prototype.leave = function () {
    this.command({ type: "leave" });
  };

  Widget.prototype.command = function (payload) {
    if (!this.send(payload)) this.pendingCommands.push(payload);
  };

  Widget.prototype.typing = function () {
    var now = Date.now();
    var s = this.state && this.state.status && this.state.status.status;
    if (s !== "active" || now - this.lastTypingSent < 3000) return;
    this.lastTypingSent = now;
    this.send({ type: "typing" });
  };

  // --- messages ------------------------------------------------------------------------------

  Widget.prototype.senderLabel = function (m) {
    if (m.sender_type === "visitor") return this.t("you");
    if (m.sender_type === "bot") return this.t("engine");
    if (m.sender_type === "specialist") {
      return m.sender_name ? m.sender_name + " · " + this.t("specialist") : this.t("specialist");
    }
    return "";
  };

  Widget.prototype.systemText = function (m) {
    var data = m.data || {};
    if (data.event === "joined") return this.t("joined", { name: data.name || m.sender_name || this.t("specialist") });
    if (data.event === "transfer") return this.t("transferred");
    if (data.event === "ended") return this.t("statusEnded");
    return m.body;
  };

  Widget.prototype.messageElement = function (m) {
    var self = this;
    var data = m.data || {};
    var box = h("div", { class: "hl-msg hl-from-" + m.sender_type });
    if (m.seq) box.setAttribute("data-seq", m.seq);
    if (m.sender_type === "system") {
      box.appendChild(h("p", { class: "hl-system-text", text: this.systemText(m) }));
      return box;
    }
    var time = "";
    if (m.created_at) {
      try {
        time = new Date(m.created_at).toLocaleTimeString(this.lang, { hour: "2-digit", minute: "2-digit" });
      } catch (e) {
        time = "";
      }
    }
    box.appendChild(
      h("p", { class: "hl-sender" }, [this.senderLabel(m), time ? h("span", { class: "hl-time", text: " " + time }) : null])
    );
    if (data.note) box.appendChild(h("p", { class: "hl-note", text: data.note }));
    box.appendChild(h("div", { class: "hl-body", text: m.body }));
    var citations = Array.isArray(data.citations) ? data.citations : [];
    if (citations.length) {
      box.appendChild(h("p", { class: "hl-sources-title", text: this.t("sources") }));
      var list = h("ol", { class: "hl-citations" });
      citations.forEach(function (c) {
        var title = c.title + (c.section ? " — " + c.section : "");
        list.appendChild(
          h("li", {}, [
            c.url
              ? h("a", { href: c.url, target: "_blank", rel: "noopener" }, [title, h("span", { class: "hl-visually-hidden", text: " " + self.t("newTab") })])
              : title,
            c.last_revised
              ? h("span", { class: "hl-revised" }, [". " + self.t("lastRevised") + ": ", h("time", { datetime: c.last_revised, text: self.revisedOn(c.last_revised) })])
              : null,
          ])
        );
      });
      box.appendChild(list);
    }
    if (data.reminder) box.appendChild(h("p", { class: "hl-reminder", text: data.reminder }));
    if (m.pending) box.appendChild(h("p", { class: "hl-pending", text: this.t("sending") }));
    return box;
  };

  Widget.prototype.appendBubble = function (m) {
    var nearBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
    var node = this.messageElement(m);
    if (m.pending && m.client_id) {
      this.bubbles[m.client_id] = node;
      this.log.appendChild(node);
    } else {
      this.placeBySeq(node, m.seq);
    }
    if (nearBottom || m.sender_type === "visitor") this.log.scrollTop = this.log.scrollHeight;
    return node;
  };

  // Messages stand in the server's order (by seq); those still being sent stay at the end.
  Widget.prototype.placeBySeq = function (node, seq) {
    var children = this.log.children;
    for (var i = 0; i < children.length; i += 1) {
      var other = children[i];
      if (other === node) continue;
      var otherSeq = parseInt(other.getAttribute("data-seq"), 10);
      if (isNaN(otherSeq) || otherSeq > seq) {
        this.log.insertBefore(node, other);
        return;
      }
    }
    this.log.appendChild(node);
  };

  Widget.prototype.remember = function (m) {
    var kept = {
      seq: m.seq,
      sender_type: m.sender_type,
      sender_name: m.sender_name || "",
      client_id: m.client_id || null,
      body: m.body,
      data: m.data || {},
      created_at: m.created_at || new Date().toISOString(),
    };
    this.state.messages.push(kept);
    if (this.state.messages.length > MAX_KEPT) this.state.messages.splice(0, this.state.messages.length - MAX_KEPT);
  };

  Widget.prototype.restoreMessages = function () {
    var self = this;
    this.state.messages.forEach(function (m) {
      if (m.seq) self.seen[m.seq] = true;
      self.appendBubble(m);
    });
    this.state.outbox.forEach(function (item) {
      self.appendBubble({ sender_type: "visitor", body: item.body, client_id: item.client_id, pending: true });
    });
    this.log.scrollTop = this.log.scrollHeight;
  };

  Widget.prototype.confirmBubble = function (cid, seq) {
    var node = this.bubbles[cid];
    if (!node) return false;
    delete this.bubbles[cid];
    var note = node.querySelector(".hl-pending");
    if (note) note.parentNode.removeChild(note);
    node.setAttribute("data-seq", seq);
    this.placeBySeq(node, seq);
    return true;
  };

  Widget.prototype.onAck = function (ack) {
    if (!ack.client_id || !ack.seq) return;
    var outbox = this.state.outbox;
    var item = null;
    for (var i = 0; i < outbox.length; i += 1) {
      if (outbox[i].client_id === ack.client_id) {
        item = outbox.splice(i, 1)[0];
        break;
      }
    }
    if (item && !this.seen[ack.seq]) {
      // Shown as delivered now; the broadcast copy with the same seq is then skipped.
      this.seen[ack.seq] = true;
      this.remember({ seq: ack.seq, sender_type: "visitor", client_id: item.client_id, body: item.body });
    }
    this.confirmBubble(ack.client_id, ack.seq);
    saveState(this.state);
  };

  Widget.prototype.onMessage = function (m) {
    if (m.internal || typeof m.seq !== "number") return;
    // The last seq seen moves on received messages only (never on acks), so a resume after it
    // cannot skip a message that was still on its way.
    if (m.seq > this.state.lastSeq) this.state.lastSeq = m.seq;
    if (!this.seen[m.seq]) {
      this.seen[m.seq] = true;
      if (m.client_id && this.bubbles[m.client_id]) {
        this.state.outbox = this.state.outbox.filter(function (item) {
          return item.client_id !== m.client_id;
        });
        this.confirmBubble(m.client_id, m.seq);
      } else {
        this.appendBubble(m);
      }
      this.remember(m);
      if (m.sender_type === "specialist") this.typingLine.textContent = "";
    }
    var event = (m.data || {}).event;
    if (m.sender_type === "system" && event === "joined" && !this.state.ended) {
      this.state.status = { status: "active", position: null, expected_wait_minutes: null };
      this.renderStatus();
    }
    saveState(this.state);
    if (m.sender_type === "system" && event === "ended") this.showEnded(true);
  };

  Widget.prototype.onStatus = function (s) {
    if (!s.status) return;
    this.state.status = { status: s.status, position: s.position || null, expected_wait_minutes: s.expected_wait_minutes || null };
    saveState(this.state);
    if (s.status === "wrap_up" || s.status === "closed") this.showEnded(true);
    else this.renderStatus();
  };

  Widget.prototype.showTyping = function () {
    var self = this;
    this.typingLine.textContent = this.t("typing");
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(function () {
      self.typingLine.textContent = "";
    }, 4000);
  };

  // --- the end: survey and transcript ------------------------------------------------------------

  Widget.prototype.showEnded = function (moveFocus) {
    var self = this;
    var first = !this.state.ended;
    this.state.ended = true;
    if (this.state.outbox.length) this.markUnsent();
    saveState(this.state);
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.renderStatus();
    this.actions.hidden = true;
    this.composerForm.hidden = true;
    this.typingLine.textContent = "";
    if (!this.endedBox.hidden) return;
    this.endedBox.hidden = false;
    var heading = h(this.headingTag(true), { class: "hl-subtitle", tabindex: "-1", text: this.t("endedTitle") });
    this.endedBox.appendChild(heading);
    this.endedBox.appendChild(this.buildSurvey());
    this.endedBox.appendChild(this.buildTranscript());
    this.endedBox.appendChild(
      h("p", {}, [
        h("button", {
          type: "button",
          class: "hl-button hl-secondary",
          text: this.t("newChat"),
          onclick: function () {
            self.reset();
          },
        }),
      ])
    );
    var inside = this.root.contains(document.activeElement);
    if (first && moveFocus && inside) heading.focus();
    // The conversation is over: the socket is not needed any more.
    setTimeout(function () {
      if (self.ws) self.ws.close(1000);
    }, 1500);
  };

  Widget.prototype.buildSurvey = function () {
    var self = this;
    var box = h("div", { class: "hl-survey" });
    if (this.state.surveyDone) {
      box.appendChild(h("p", { class: "hl-result", role: "status", text: this.t("surveyThanks") }));
      return box;
    }
    var radioName = newId("rating");
    var commentId = newId("comment");
    var scale = h("fieldset", { class: "hl-rating" }, [h("legend", { text: this.t("surveyRating") })]);
    [1, 2, 3, 4, 5].forEach(function (n) {
      var id = newId("rating-" + n);
      scale.appendChild(
        h("span", { class: "hl-choice" }, [h("input", { type: "radio", id: id, name: radioName, value: n }), h("label", { for: id, text: String(n) })])
      );
    });
    var result = h("p", { class: "hl-result", role: "status" });
    var form = h("form", { class: "hl-survey-form" }, [
      h(this.headingTag(true), { class: "hl-subtitle", text: this.t("surveyTitle") }),
      scale,
      h("p", {}, [h("label", { for: commentId, text: this.t("surveyComment") }), h("textarea", { id: commentId, rows: 2, maxlength: 2000 })]),
      h("p", {}, [h("button", { type: "submit", class: "hl-button", text: this.t("surveySend") })]),
      result,
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector('input[name="' + radioName + '"]:checked');
      if (!chosen) {
        result.textContent = self.t("chooseRating");
        return;
      }
      var payload = { rating: parseInt(chosen.value, 10), comment: form.querySelector("textarea").value.trim() };
      api("POST", "/api/chat/" + self.state.conversation + "/survey", payload, self.state.token).then(
        function (r) {
          if (r.ok) {
            self.state.surveyDone = true;
            saveState(self.state);
            box.textContent = "";
            box.appendChild(h("p", { class: "hl-result", role: "status", text: self.t("surveyThanks") }));
          } else {
            result.textContent = r.data.error || self.t("error");
          }
        },
        function () {
          result.textContent = self.t("offline");
        }
      );
    });
    box.appendChild(form);
    return box;
  };

  Widget.prototype.buildTranscript = function () {
    var self = this;
    var emailId = newId("transcript-email");
    var helpId = newId("transcript-help");
    var result = h("p", { class: "hl-result", role: "status" });
    var input = h("input", { id: emailId, type: "email", required: true, autocomplete: "email", "aria-describedby": helpId });
    var form = h("form", { class: "hl-transcript" }, [
      h(this.headingTag(true), { class: "hl-subtitle", text: this.t("transcriptTitle") }),
      h("p", {}, [h("label", { for: emailId, text: this.t("emailAddress") }), input]),
      h("p", { id: helpId, class: "hl-small", text: this.t("transcriptHelp") }),
      h("p", {}, [h("button", { type: "submit", class: "hl-button hl-secondary", text: this.t("transcriptSend") })]),
      result,
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var email = input.value.trim();
      api("POST", "/api/chat/" + self.state.conversation + "/transcript", { email: email }, self.state.token).then(
        function (r) {
          if (r.ok) {
            input.value = "";
            result.textContent = self.t("transcriptSent", { email: email });
          } else {
            result.textContent = r.data.error || self.t("error");
          }
        },
        function () {
          result.textContent = self.t("offline");
        }
      );
    });
    return form;
  };

  Widget.prototype.reset = function () {
    this.disconnect();
    this.state = null;
    saveState(null);
    this.stopped = false;
    this.build();
    var first = this.root.querySelector("select");
    if (first) first.focus();
  };

  Widget.prototype.lost = function () {
    this.disconnect();
    this.state = null;
    saveState(null);
    this.build();
    this.showAlert(this.t("lost"));
  };

  // --- the socket ----------------------------------------------------------------------------------

  Widget.prototype.send = function (payload) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(payload));
    return true;
  };

  Widget.prototype.connect = function () {
    var self = this;
    if (!this.state || this.stopped || this.ws) return;
    clearTimeout(this.reconnectTimer);
    var path = this.state.ws || "/ws/chat/" + this.state.conversation + "/?token=" + encodeURIComponent(this.state.token);
    var ws;
    try {
      ws = new WebSocket(WS_BASE + path);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = function () {
      self.attempts = 0;
      self.setConnection("");
      // What was missed while away, then what we still owe the server (same client ids).
      self.send({ type: "resume", after: self.state.lastSeq || 0 });
      self.flushOutbox();
      var commands = self.pendingCommands.splice(0);
      commands.forEach(function (c) {
        self.send(c);
      });
    };
    ws.onmessage = function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (self.state) self.handle(data);
    };
    ws.onclose = function (event) {
      if (self.ws === ws) self.ws = null;
      if (!self.state || self.stopped) return;
      if (event.code === 4404) {
        self.lost();
        return;
      }
      if (event.code === 4403) {
        self.setConnection(self.t("offline"), true);
        return;
      }
      self.markUnsent();
      self.scheduleReconnect();
    };
  };

  Widget.prototype.disconnect = function () {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.flushTimer);
    if (this.ws) {
      var ws = this.ws;
      this.ws = null;
      try {
        ws.close(1000);
      } catch (e) {
        /* already closed */
      }
    }
  };

  Widget.prototype.scheduleReconnect = function () {
    var self = this;
    this.attempts += 1;
    var delay = Math.min(15000, 500 * Math.pow(2, this.attempts - 1)) * (0.75 + Math.random() * 0.5);
    if (this.attempts > 4) this.setConnection(this.t("offline"), true);
    else this.setConnection(this.t("reconnecting"));
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(function () {
      self.connect();
    }, delay);
    // A refused handshake looks like a network error in the browser: ask over HTTP whether the
    // conversation still exists, and show what was missed meanwhile.
    if (this.attempts >= 2) this.catchUp();
  };

  Widget.prototype.catchUp = function () {
    var self = this;
    if (!this.state) return;
    var state = this.state;
    api("GET", "/api/chat/" + state.conversation + "/messages?after=" + (state.lastSeq || 0), undefined, state.token).then(
      function (r) {
        if (self.state !== state) return;
        if (r.status === 404) {
          self.lost();
          return;
        }
        if (!r.ok) return;
        (r.data.messages || []).forEach(function (m) {
          self.onMessage(m);
        });
        if (r.data.status) self.onStatus(r.data.status);
      },
      function () {
        /* still offline: the socket retries */
      }
    );
  };

  Widget.prototype.handle = function (event) {
    var self = this;
    switch (event.type) {
      case "message":
        this.onMessage(event);
        break;
      case "ack":
        this.onAck(event);
        break;
      case "status":
        this.onStatus(event);
        break;
      case "typing":
        if (event.from === "specialist") this.showTyping();
        break;
      case "error":
        if (event.code === "rate_limited") {
          this.showAlert(this.t("rateLimited"));
          this.markUnsent();
          clearTimeout(this.flushTimer);
          this.flushTimer = setTimeout(function () {
            self.showAlert("");
            self.flushOutbox();
          }, 10000);
        } else if (event.code === "not_found") {
          this.lost();
        } else {
          this.showAlert(event.message || this.t("error"));
        }
        break;
      default:
        break;
    }
  };

  // --- leaving at once ---------------------------------------------------------------------------

  function quickExit(url) {
    widgets.forEach(function (w) {
      w.disconnect();
      w.state = null;
    });
    clearStorage();
    var nodes = document.querySelectorAll(".hl-chat, .hl-panel, .hl-launcher-wrap, [data-helpline-chat]");
    Array.prototype.forEach.call(nodes, function (node) {
      if (node.parentNode) node.parentNode.removeChild(node);
    });
    window.location.replace(url || "https://www.wikipedia.org/");
  }

  // --- where the widget appears --------------------------------------------------------------------

  function optionsFrom(data, floating) {
    var chatOpen = data.chatOpen === "true" ? true : data.chatOpen === "false" ? false : null;
    return {
      lang: normLang(data.lang || document.documentElement.lang),
      chatOpen: chatOpen,
      hours: data.chatHours || "",
      phone: data.phone || "",
      phoneHref: data.phoneHref || "",
      phoneHours: data.phoneHours || "", // empty: the phone line is open 24/7
      quickExit: data.quickExit || "https://www.wikipedia.org/",
      floating: floating,
    };
  }

  function ensureStylesheet() {
    if (document.querySelector('link[href*="helpline/chat.css"]')) return;
    document.head.appendChild(h("link", { rel: "stylesheet", href: BASE + "/static/helpline/chat.css" }));
  }

  function Panel(options, opener) {
    var self = this;
    this.opener = opener || null;
    this.aside = h("aside", { class: "hl-panel", "aria-label": STRINGS[options.lang].title, hidden: true });
    document.body.appendChild(this.aside);
    options.onMinimise = function () {
      self.close();
    };
    this.options = options;
    this.widget = null;
  }

  Panel.prototype.ensureWidget = function () {
    if (!this.widget) this.widget = new Widget(this.aside, this.options);
    return this.widget;
  };

  Panel.prototype.open = function (focus) {
    var widget = this.ensureWidget();
    this.aside.hidden = false;
    if (this.launcher) this.launcher.hidden = true;
    if (widget.state) {
      widget.state.minimised = false;
      saveState(widget.state);
    }
    if (focus) {
      var target = this.aside.querySelector("textarea, select, input, button:not(.hl-quick-exit)");
      if (target) target.focus();
    }
  };

  Panel.prototype.close = function () {
    this.aside.hidden = true;
    if (this.launcher) this.launcher.hidden = false;
    if (this.widget && this.widget.state) {
      this.widget.state.minimised = true;
      saveState(this.widget.state);
    }
    var back = this.launcherButton || this.opener;
    if (back) back.focus();
  };

  function setUp() {
    ensureStylesheet();
    var inline = document.querySelector("[data-helpline-chat]");
    var openers = document.querySelectorAll("[data-helpline-chat-open]");
    if (inline) {
      var options = optionsFrom(Object.assign({}, scriptData, inline.dataset), false);
      var widget = new Widget(inline, options);
      Array.prototype.forEach.call(openers, function (opener) {
        opener.addEventListener("click", function (event) {
          if (event.ctrlKey || event.metaKey || event.shiftKey) return;
          event.preventDefault();
          inline.scrollIntoView({ block: "start" });
          var target = widget.root.querySelector("textarea, select");
          if (target) target.focus();
        });
      });
      return;
    }
    var panel = new Panel(optionsFrom(scriptData, true), openers[0]);
    if (!openers.length) {
      // Embedded on another site: our own "Live chat" button in the corner.
      panel.launcherButton = h("button", {
        type: "button",
        class: "hl-launcher",
        text: STRINGS[panel.options.lang].launcher,
        onclick: function () {
          panel.open(true);
        },
      });
      panel.launcher = h("aside", { class: "hl-launcher-wrap", "aria-label": STRINGS[panel.options.lang].launcher }, [panel.launcherButton]);
      document.body.appendChild(panel.launcher);
    }
    Array.prototype.forEach.call(openers, function (opener) {
      opener.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        panel.opener = opener;
        if (panel.aside.hidden) panel.open(true);
        else panel.close();
      });
    });
    // A chat in progress follows the visitor from page to page (unless they minimised it).
    var saved = loadState();
    if (saved && !saved.ended) {
      if (saved.minimised) panel.ensureWidget();
      else panel.open(false);
    }
  }

  window.HelplineChat = {
    quickExit: function () {
      quickExit(scriptData.quickExit);
    },
  };
  ready(setUp);
  window.addEventListener("online", function () {
    widgets.forEach(function (w) {
      w.attempts = 0;
      w.connect();
    });
  });
})();
