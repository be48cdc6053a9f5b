/** Security helpers shared by protocols: password hashing. */
package io.wharf.core.security;
