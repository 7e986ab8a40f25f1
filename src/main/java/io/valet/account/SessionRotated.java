package io.valet.account;

/**
 * CDI event fired when a login replaces a browser session with a new one, so that state bound to
 * the old session follows it.
 *
 * @param oldSessionHash hash of the session id before login
 * @param newSessionHash hash of the session id after login
 */
public record SessionRotated(String oldSessionHash, String newSessionHash) {
}
