/** Request bodies read field by field (errors name the field) and the one refusal type. */
package dev.weft.cnm.wire;
