import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { NotificationGroup, User } from "../api-types";
import { UserLink } from "./common/UserLink";
import { NotificationItem } from "./notifications/NotificationItem";
import { TypingIndicator } from "./thread/TypingIndicator";
import { WelcomeCard } from "./WelcomeCard";

/** A right-to-left name (Hebrew "shalom" and a trailing "!"): unisolated, it pulls the words after it into its run. */
const RTL_NAME = "\u05E9\u05DC\u05D5\u05DD!";
const ISOLATED = `<bdi>${RTL_NAME}</bdi>`;
const user = { id: "u1", username: "shalom", displayName: RTL_NAME, createdAt: "2026-01-01T00:00:00.000Z" };

describe("display names render isolated (<bdi>) next to other text", () => {
  it("in a user link, the welcome card and a notification", () => {
    expect(renderToStaticMarkup(createElement(UserLink, { user }))).toContain(
      `<bdi class="user-link-name">${RTL_NAME}</bdi>`,
    );
    expect(renderToStaticMarkup(createElement(WelcomeCard, { user: user satisfies User }))).toContain(
      `Welcome, ${ISOLATED}`,
    );
    const group = {
      key: "FOLLOW:-",
      kind: "FOLLOW",
      tweetId: null,
      preview: null,
      actors: [{ id: "u1", username: "shalom", displayName: RTL_NAME }],
      actorCount: 1,
      unreadCount: 1,
      unreadIds: ["n1"],
      latestSeq: 1,
      latestAt: "2026-01-01T00:00:00.000Z",
    } satisfies NotificationGroup;
    const item = renderToStaticMarkup(createElement(NotificationItem, { group, read: false, onRead: () => {} }));
    expect(item.split(ISOLATED)).toHaveLength(3);
  });

  it("in the typing sentence, whose text stays the same", () => {
    const typers = [
      { id: "u1", username: "shalom", displayName: RTL_NAME },
      { id: "u2", username: "bob", displayName: "Bob" },
      { id: "u3", username: "carol", displayName: "Carol" },
    ];
    const markup = renderToStaticMarkup(createElement(TypingIndicator, { users: typers }));
    expect(markup).toContain(`${ISOLATED}, <bdi>Bob</bdi> and 1 other are typing…`);
  });
});
