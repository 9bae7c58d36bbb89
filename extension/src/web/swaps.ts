// Type checks only (nothing imports this file): the browser build's stand-ins export what the
// Node files they replace export, with the same public members, so the shared files that import
// them compile against either. A member added on one side and not the other fails `tsc` here.
import type * as NodeInstall from "../install";
import type * as NodeInterpreter from "../interpreter";
import type * as NodeTransport from "../transport";
import type * as WebInstall from "./install";
import type * as WebInterpreter from "./interpreter";
import type * as WebTransport from "./transport";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Has<A, B> = [A] extends [B] ? true : false;

export const checks: [
  Same<keyof NodeInstall.Installer, keyof WebInstall.Installer>,
  Same<keyof NodeInterpreter.Interpreters, keyof WebInterpreter.Interpreters>,
  Has<keyof typeof NodeInstall, keyof typeof WebInstall>,
  Has<keyof typeof NodeInterpreter, keyof typeof WebInterpreter>,
  Has<keyof typeof NodeTransport, keyof typeof WebTransport>,
  Same<typeof NodeTransport.createClient, typeof WebTransport.createClient>,
  Same<ReturnType<NodeInterpreter.Interpreters["probe"]>, ReturnType<WebInterpreter.Interpreters["probe"]>>,
] = [true, true, true, true, true, true, true];
