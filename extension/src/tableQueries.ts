// Table queries, from the notebook renderer to the daemon: a table output asks for a page or a
// column summary (`lichen/tableQuery`), and the answer, or why there is none, goes back to the
// renderer. A table that is no longer in a kernel (its cell ran again, the kernel restarted or
// died, the daemon is down) is answered `gone`: the renderer keeps its page as a snapshot.
import type * as vscode from "vscode";
import { ErrorCodes } from "../../shared-protocol/src/protocol";
import { Methods, request } from "./client";
import type { Ctx } from "./ctx";
import { errorCode, short } from "./log";
import type { TableAnswerMessage, TableQueryMessage } from "./uiMessages";

const GONE: ReadonlySet<number | undefined> = new Set([ErrorCodes.tableGone, ErrorCodes.kernelDead]);

export async function answerTableQuery(
  ctx: Ctx,
  notebook: vscode.NotebookDocument,
  query: TableQueryMessage["tableQuery"],
): Promise<TableAnswerMessage> {
  const { requestId, tableId } = query;
  const client = ctx.client;
  if (client === undefined) {
    return { tableAnswer: { requestId, error: "the Lichen daemon is not running", gone: true } };
  }
  try {
    const { answer } = await request(client, Methods.tableQuery, {
      notebookUri: notebook.uri.toString(),
      tableId,
      request: query.request,
    });
    return { tableAnswer: { requestId, result: answer } };
  } catch (error) {
    const gone = GONE.has(errorCode(error));
    if (!gone) {
      ctx.log.warn(`A table query was not answered: ${short(error)}`);
    }
    return { tableAnswer: { requestId, error: short(error), gone } };
  }
}
