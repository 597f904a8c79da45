import "./styles.css";
import { ApiError, exchangeInvitation } from "./api";
import { hubErrorCode, VisitConnection } from "./hub";
import { onLangChange, t } from "./i18n/i18n";
import { installSnapshot } from "./snapshot";
import { Store } from "./store";
import { consoleView } from "./views/console";
import { connectingView, errorView, homeView } from "./views/error";
import { familyView } from "./views/family";
import { layout } from "./views/layout";

const store = new Store();
const root = document.getElementById("app")!;
let connection: VisitConnection | null = null;

function render(): void {
  const s = store.get();
  let body: HTMLElement;
  switch (s.page) {
    case "error": body = errorView(s.error?.code ?? "generic", s.error?.opensAt); break;
    case "connecting": body = connectingView(); break;
    case "family": body = familyView(s); break;
    case "console": body = consoleView(s, { admit }); break;
    default: body = homeView();
  }
  root.replaceChildren(layout(body));
}

async function admit(participantId: string): Promise<void> {
  try {
    store.update({ actionError: undefined });
    await connection?.admit(participantId);
  } catch (e) {
    store.update({ actionError: t("error.generic") + ` (${hubErrorCode(e)})` });
  }
}

async function join(code: string): Promise<void> {
  store.update({ page: "connecting" });
  let session;
  try {
    session = await exchangeInvitation(code);
  } catch (e) {
    const error = e instanceof ApiError ? e : new ApiError("generic", 0);
    store.update({ page: "error", error: { code: error.code, opensAt: error.details.opensAt as string | undefined } });
    return;
  }
  const staff = session.role === "supervisor" || session.role === "observer";
  store.update({ session });
  connection = new VisitConnection(session.visitId, session.token, {
    lobby: (lobby) => store.update({ lobby }),
    presence: (presence) => store.update({ presence }),
    connection: (status, code) => {
      store.update({ connection: status });
      if (status === "closed" && code) store.update({ page: "error", error: { code } });
    },
  });
  try {
    const result = await connection.start();
    store.update({ page: staff ? "console" : "family", lobby: result.lobby, presence: result.presence ?? undefined });
  } catch (e) {
    const message = e instanceof Error ? e.message : "";
    const code = /Failed to fetch|WebSocket|negotiat/i.test(message) && !/VV_/.test(message) ? "network" : hubErrorCode(e);
    store.update({ page: "error", error: { code } });
  }
}

store.subscribe(render);
onLangChange(render);
installSnapshot(store);

const match = /^\/j\/([^/]+)\/?$/.exec(location.pathname);
if (match) {
  void join(decodeURIComponent(match[1]));
} else {
  render();
}
