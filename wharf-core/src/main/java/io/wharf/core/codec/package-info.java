/** Incremental, allocation-light codecs that protocol handlers share. */
package io.wharf.core.codec;
