// The wharf chat page: one WebSocket to the chat, JSON requests out, JSON events in (the README lists both).
// Plain browser JavaScript, no build step. Everything the server sends is shown with textContent, never as HTML.
'use strict';

(function () {
  const socketPath = document.body.dataset.socket || '/chat';
  const store = window.sessionStorage; // this tab's nick, account and rooms survive a reload and a reconnect
  const $ = (id) => document.getElementById(id);

  const state = {
    me: null,
    account: null,
    current: null,
    joined: new Set(),     // rooms this user is in
    rooms: new Map(),      // name -> { items: [], seen: Set of message ids, topic, unread }
    directory: [],         // every room, with member counts
    members: [],
  };
  let ws = null;
  let attempt = 0;
  let quitting = false;
  let pendingLogin = null;
  let roomsAsked = 0;

  // --- connection, with reconnection and back-off

  function connect() {
    status('connecting', attempt ? 'reconnecting…' : 'connecting…');
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    ws = new WebSocket(scheme + location.host + socketPath, 'wharf-chat.v1');
    ws.onopen = () => { attempt = 0; status('online', 'online'); };
    ws.onmessage = (e) => {
      let event;
      try { event = JSON.parse(e.data); } catch (err) { return; }
      handle(event);
    };
    ws.onclose = (e) => {
      ws = null;
      if (quitting) { status('offline', 'left the chat'); return; }
      // 0.5 s, 1 s, 2 s ... up to 10 s, with jitter so that a restarted server is not hit by everyone at once
      const delay = Math.min(10000, 500 * Math.pow(2, attempt++)) * (0.5 + Math.random() / 2);
      status('offline', 'offline (' + (e.code || 1006) + '), retrying in ' + Math.round(delay / 100) / 10 + ' s');
      setTimeout(connect, delay);
    };
  }

  function send(request) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(request));
      return true;
    }
    notice('not connected: wait for the connection to come back', true);
    return false;
  }

  function status(kind, text) {
    const s = $('status');
    s.className = 'status ' + kind;
    s.textContent = text;
  }

  // --- what the server tells us

  function handle(ev) {
    switch (ev.type) {
      case 'connected':
        state.me = ev.nick;
        state.joined.clear();
        renderMe();
        resume();
        break;
      case 'nick':
        if (ev.from === state.me) { state.me = ev.to; store.setItem('wharf.nick', ev.to); renderMe(); }
        system(state.current, ev.from + ' is now known as ' + ev.to);
        break;
      case 'current':
        state.current = ev.room;
        if (ev.room) { room(ev.room).unread = 0; store.setItem('wharf.current', ev.room); send({ type: 'who' }); }
        renderAll();
        break;
      case 'joined':
        if (ev.nick === state.me) { state.joined.add(ev.room); saveRooms(); }
        system(ev.room, ev.nick + ' joined ' + ev.room);
        refreshRooms();
        break;
      case 'parted':
        if (ev.nick === state.me) { state.joined.delete(ev.room); saveRooms(); }
        system(ev.room, ev.nick + ' left ' + ev.room);
        refreshRooms();
        break;
      case 'quit':
        system(state.current, ev.nick + ' quit (' + ev.reason + ')');
        refreshRooms();
        break;
      case 'message':
        add(ev.room, message(ev, ''));
        break;
      case 'history':
        for (const m of ev.messages) { add(ev.room, message(m, ev.replay === 'missed' ? 'history missed' : 'history')); }
        if (ev.replay === 'missed' && ev.messages.length) {
          system(ev.room, ev.messages.length + ' message(s) while you were away');
        }
        break;
      case 'private': {
        add(state.current, { cls: 'private', time: ev.time, parts: [['nick', '[' + ev.from + ' → ' + ev.to + ']'], ['', ' ' + ev.text]] });
        break;
      }
      case 'topic':
        room(ev.room).topic = ev.topic;
        if (ev.changed) { system(ev.room, ev.by + ' set the topic: ' + (ev.topic || '(none)')); }
        renderTopic();
        break;
      case 'rooms':
        state.directory = ev.rooms;
        renderRooms();
        break;
      case 'members':
        if (ev.room === state.current) { state.members = ev.members; renderMembers(); }
        break;
      case 'whois':
        system(state.current, ev.nick + (ev.account ? ' (account ' + ev.account + ')' : ' (guest)') + (ev.admin ? ', admin' : '')
          + ', in ' + (ev.rooms.join(', ') || 'no room') + ', idle ' + ev.idleSeconds + ' s'
          + (ev.address ? ', from ' + ev.address : ''));
        break;
      case 'broadcast':
        add(state.current, { cls: 'broadcast', time: ev.time, parts: [['', '📢 ' + ev.from + ': ' + ev.text]] });
        break;
      case 'registered':
        system(state.current, 'account ' + ev.account + ' registered; you are logged in');
        state.account = ev.account;
        if (pendingLogin) { store.setItem('wharf.account', JSON.stringify(pendingLogin)); pendingLogin = null; }
        renderMe();
        break;
      case 'loggedIn':
        state.account = ev.account;
        if (pendingLogin) { store.setItem('wharf.account', JSON.stringify(pendingLogin)); pendingLogin = null; }
        system(state.current, 'logged in as ' + ev.account + (ev.lastSeen ? ', last seen ' + new Date(ev.lastSeen).toLocaleString() : ''));
        renderMe();
        break;
      case 'moderated':
        system(state.current, ev.by + ' ' + ev.action + ' ' + ev.target + (ev.detail ? ' (' + ev.detail + ')' : ''));
        break;
      case 'bans':
        system(state.current, ev.bans.length ? 'bans: ' + ev.bans.map((b) => b.name + ' by ' + b.by + (b.reason ? ' (' + b.reason + ')' : '')).join('; ') : 'no bans');
        break;
      case 'error':
        if (ev.reason === 'LOGIN_FAILED') { store.removeItem('wharf.account'); pendingLogin = null; }
        notice(ev.message, ev.reason === 'FLOOD');
        add(state.current, { cls: 'error', parts: [['', '⚠ ' + ev.message]] });
        break;
      case 'notice':
        system(state.current, ev.message);
        break;
      case 'disconnected':
        system(state.current, 'disconnected: ' + ev.reason);
        break;
    }
  }

  // After (re)connecting: log back in, or take the nick back, and rejoin the rooms; replays catch us up.
  function resume() {
    const account = store.getItem('wharf.account');
    if (account) {
      const a = JSON.parse(account);
      pendingLogin = a;
      send({ type: 'login', name: a.name, password: a.password });
    } else if (store.getItem('wharf.nick')) {
      send({ type: 'nick', nick: store.getItem('wharf.nick') });
    }
    const rooms = JSON.parse(store.getItem('wharf.rooms') || '[]');
    const current = store.getItem('wharf.current');
    for (const r of rooms) { if (r !== current) { send({ type: 'join', room: r }); } }
    if (current) { send({ type: 'join', room: current }); }
    refreshRooms();
  }

  function saveRooms() {
    store.setItem('wharf.rooms', JSON.stringify([...state.joined]));
  }

  // Member counts change with every join, part and quit: ask for the room list (and who is here) at most
  // twice a second, and not at all while offline (the next connection asks anyway).
  let refreshTimer = null;
  function refreshRooms() {
    if (refreshTimer) { return; }
    const wait = Math.max(0, 500 - (Date.now() - roomsAsked));
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      roomsAsked = Date.now();
      if (ws && ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify({ type: 'rooms' }));
        if (state.current) { ws.send(JSON.stringify({ type: 'who' })); }
      }
    }, wait);
  }

  // --- the log of each room

  function room(name) {
    let r = state.rooms.get(name);
    if (!r) { r = { items: [], seen: new Set(), topic: null, unread: 0 }; state.rooms.set(name, r); }
    return r;
  }

  function message(m, cls) {
    const parts = m.action ? [['nick action', '* ' + m.nick], ['action', ' ' + m.text]] : [['nick', m.nick], ['', ': ' + m.text]];
    return { id: m.id, cls, time: m.time, parts };
  }

  function add(roomName, item) {
    const key = roomName || '';
    const r = room(key);
    if (item.id !== undefined) {
      if (r.seen.has(item.id)) { return; } // a replay of what is shown already
      r.seen.add(item.id);
    }
    // a replayed message goes before the live ones that came after it; anything else at the end
    let at = r.items.length;
    while (item.id !== undefined && at > 0 && r.items[at - 1].id !== undefined && r.items[at - 1].id > item.id) { at--; }
    r.items.splice(at, 0, item);
    if (r.items.length > 1000) { r.items.splice(0, r.items.length - 1000); }
    if (key === (state.current || '')) { renderLog(); } else { r.unread++; renderRooms(); }
  }

  function system(roomName, text) {
    add(roomName, { cls: 'system', parts: [['', text]] });
  }

  // --- drawing

  function renderAll() { renderMe(); renderRooms(); renderTopic(); renderLog(); renderMembers(); }

  function renderMe() {
    const account = !state.account ? '' : state.account === state.me ? ' · logged in' : ' · account ' + state.account;
    $('me').textContent = (state.me || '') + account;
  }

  function renderRooms() {
    const ul = $('rooms');
    ul.replaceChildren();
    const names = new Set(state.directory.map((r) => r.name));
    const list = state.directory.slice();
    for (const j of state.joined) { if (!names.has(j)) { list.push({ name: j, members: 1 }); } }
    for (const r of list) {
      const li = document.createElement('li');
      li.dataset.room = r.name;
      if (state.joined.has(r.name)) { li.classList.add('joined'); }
      if (r.name === state.current) { li.classList.add('current'); }
      const name = document.createElement('span');
      name.textContent = '#' + r.name;
      const unread = room(r.name).unread;
      if (unread && r.name !== state.current) {
        const u = document.createElement('span');
        u.className = 'unread';
        u.textContent = unread;
        name.append(u);
      }
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = r.members + (r.members === 1 ? ' user' : ' users');
      li.append(name, count);
      li.title = r.topic || '';
      li.onclick = () => send({ type: 'join', room: r.name });
      ul.append(li);
    }
  }

  function renderTopic() {
    const t = $('topic');
    t.replaceChildren();
    if (!state.current) { t.textContent = 'in no room: join one'; return; }
    const name = document.createElement('span');
    name.className = 'room';
    name.textContent = '#' + state.current;
    t.append(name, document.createTextNode(room(state.current).topic || 'no topic: /topic TEXT sets one'));
  }

  function renderLog() {
    const ol = $('log');
    const atBottom = ol.scrollHeight - ol.scrollTop - ol.clientHeight < 40;
    ol.replaceChildren();
    for (const item of room(state.current || '').items) {
      const li = document.createElement('li');
      li.className = 'msg ' + (item.cls || '');
      if (item.time) {
        const time = document.createElement('time');
        time.dateTime = item.time;
        time.textContent = new Date(item.time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        li.append(time);
      }
      for (const [cls, text] of item.parts) {
        const span = document.createElement('span');
        if (cls) { span.className = cls; }
        span.textContent = text;
        li.append(span);
      }
      ol.append(li);
    }
    if (atBottom) { ol.scrollTop = ol.scrollHeight; }
  }

  function renderMembers() {
    const ul = $('members');
    ul.replaceChildren();
    for (const m of state.members) {
      const li = document.createElement('li');
      li.textContent = m.nick;
      if (m.admin) { li.classList.add('admin'); }
      li.title = 'click to send ' + m.nick + ' a private message';
      li.onclick = () => { const i = $('input'); i.value = '/msg ' + m.nick + ' '; i.focus(); };
      ul.append(li);
    }
  }

  let noticeTimer = null;
  function notice(text, warn) {
    const n = $('notice');
    n.textContent = text;
    n.className = warn ? 'warn' : '';
    n.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { n.hidden = true; }, 6000);
  }

  // --- what the user types: a line, or a command as the telnet chat knows them

  const HELP = '/nick NAME · /join ROOM · /part [ROOM] · /rooms · /who · /whois NICK · /msg NICK TEXT · /me ACTION · '
    + '/topic [TEXT] · /history [N] · /register NAME PASSWORD · /login NAME PASSWORD · /quit · admins: /kick NICK [REASON] · '
    + '/ban NICK [REASON] · /unban NAME · /bans · /mute NICK [MINUTES] · /broadcast TEXT';

  function command(line) {
    if (!line.startsWith('/') || line.startsWith('//')) {
      return { type: 'say', text: line.startsWith('//') ? line.slice(1) : line };
    }
    const space = line.indexOf(' ');
    const name = (space < 0 ? line.slice(1) : line.slice(1, space)).toLowerCase();
    const args = space < 0 ? '' : line.slice(space + 1).trim();
    const first = args.split(/\s+/)[0] || '';
    const rest = args.slice(first.length).trim();
    switch (name) {
      case 'nick': return { type: 'nick', nick: args };
      case 'join': return { type: 'join', room: args.replace(/^#/, '') };
      case 'part': case 'leave': return first ? { type: 'part', room: first.replace(/^#/, '') } : { type: 'part' };
      case 'rooms': case 'list': return { type: 'rooms' };
      case 'who': case 'names': return { type: 'who' };
      case 'whois': return { type: 'whois', nick: first };
      case 'msg': case 'tell': return { type: 'msg', to: first, text: rest };
      case 'me': return { type: 'me', text: args };
      case 'topic': return args ? { type: 'topic', topic: args } : { type: 'topic' };
      case 'history': return args ? { type: 'history', count: parseInt(args, 10) } : { type: 'history' };
      case 'register': pendingLogin = { name: first, password: rest }; return { type: 'register', name: first, password: rest };
      case 'login': pendingLogin = { name: first, password: rest }; return { type: 'login', name: first, password: rest };
      case 'kick': return rest ? { type: 'kick', nick: first, reason: rest } : { type: 'kick', nick: first };
      case 'ban': return rest ? { type: 'ban', nick: first, reason: rest } : { type: 'ban', nick: first };
      case 'unban': return { type: 'unban', who: first };
      case 'bans': return { type: 'bans' };
      case 'mute': return rest ? { type: 'mute', nick: first, minutes: parseInt(rest, 10) } : { type: 'mute', nick: first };
      case 'broadcast': case 'wall': return { type: 'broadcast', text: args };
      case 'quit': case 'exit': case 'bye':
        quitting = true;
        store.clear();
        return args ? { type: 'quit', reason: args } : { type: 'quit' };
      case 'help': case '?': system(state.current, HELP); return null;
      default: notice('unknown command /' + name + ': /help lists them'); return null;
    }
  }

  $('say-form').onsubmit = (e) => {
    e.preventDefault();
    const input = $('input');
    const line = input.value.trim();
    if (!line) { return; }
    const request = command(line);
    if (request && send(request)) { input.value = ''; }
  };
  $('nick-form').onsubmit = (e) => {
    e.preventDefault();
    const nick = $('nick').value.trim();
    if (nick && send({ type: 'nick', nick })) { $('nick').value = ''; }
  };
  $('join-form').onsubmit = (e) => {
    e.preventDefault();
    const r = $('join-room').value.trim().replace(/^#/, '');
    if (r && send({ type: 'join', room: r })) { $('join-room').value = ''; }
  };
  function account(type) {
    const name = $('account-name').value.trim();
    const password = $('account-password').value;
    if (!name || !password) { notice('enter an account name and a password'); return; }
    pendingLogin = { name, password };
    if (send({ type, name, password })) { $('account-password').value = ''; }
  }
  $('account-form').onsubmit = (e) => { e.preventDefault(); account('login'); };
  $('register').onclick = () => account('register');

  renderAll();
  connect();
})();
