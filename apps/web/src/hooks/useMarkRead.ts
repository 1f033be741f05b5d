import { useState } from "react";
import { describeError } from "../errors";
import {
  type GroupMark,
  markGroupsRead,
  markListRead,
  type ReadTarget,
  unmarkGroupsRead,
  unmarkListRead,
} from "../live/notifications";
import { trpc } from "../trpc";
import { GROUP_PAGE, NOTIFICATION_PAGE } from "./queries";

/**
 * Marks notifications read: at once in the cached lists (`onMutate`), then on the server. A failure rolls back only
 * the marks this call made (`onError`) — notifications the stream delivered meanwhile stay, and so do other marks —
 * and says why; either way the lists are fetched again once it settles.
 */
export function useMarkRead() {
  const utils = trpc.useUtils();
  const [error, setError] = useState<string | null>(null);
  const groupsInput = { limit: GROUP_PAGE };
  const listInput = { limit: NOTIFICATION_PAGE };

  const mutation = trpc.notification.markRead.useMutation({
    // Offline: fail at once, roll back and say so, rather than sit "pending" until the browser is online again.
    networkMode: "always",
    onMutate: async (target: ReadTarget) => {
      setError(null);
      // A fetch in flight would land with the unread state from before.
      await Promise.all([utils.notification.groups.cancel(), utils.notification.list.cancel()]);
      let groupMarks: GroupMark[] = [];
      let listMarks: string[] = [];
      utils.notification.groups.setInfiniteData(groupsInput, (data) => {
        if (!data) return data;
        const marked = markGroupsRead(data, target);
        groupMarks = marked.marks;
        return marked.data;
      });
      utils.notification.list.setInfiniteData(listInput, (data) => {
        if (!data) return data;
        const marked = markListRead(data, target);
        listMarks = marked.changed;
        return marked.data;
      });
      return { groupMarks, listMarks };
    },
    onError: (failure, _target, context) => {
      if (context) {
        utils.notification.groups.setInfiniteData(
          groupsInput,
          (data) => data && unmarkGroupsRead(data, context.groupMarks),
        );
        utils.notification.list.setInfiniteData(listInput, (data) => data && unmarkListRead(data, context.listMarks));
      }
      setError(`Could not mark as read. ${describeError(failure)}`);
    },
    onSettled: () => {
      void utils.notification.groups.invalidate();
      void utils.notification.list.invalidate();
    },
  });

  const { mutate } = mutation;
  return {
    markRead: (ids: string[]) => {
      if (ids.length > 0) mutate({ ids });
    },
    markAllRead: () => mutate({ all: true }),
    error,
  };
}
