/** Mozilla's list of the 50,000 most common passwords of 8+ characters, lower-cased (used by Firefox Accounts). */
declare module 'fxa-common-password-list' {
  const list: {
    /** True when the (lower-cased) password is on the list. */
    test(password: string): boolean;
  };
  export default list;
}
