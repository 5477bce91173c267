/**
 * The kernel as the plugins need it. Operations are idempotent where the spec expects retries
 * (an address that is already there is success) and explain differences otherwise (a device with
 * the bridge's name that is not a bridge is an error naming its kind).
 */
package dev.weft.plugins.net;
