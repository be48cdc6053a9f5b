package io.wharf.core.spi;

/**
 * What a protocol needs of the model that runs it; the core derives from these which models refuse it
 * ({@link io.wharf.core.Model#refusal}), so no protocol lists models and a model added later is judged by the
 * same rules.
 */
public enum Need {
    /** State shared by all connections (chat rooms, a key space): one process must serve every client. */
    SHARED_STATE,
    /** Clients stay connected and interact: serving one at a time would shut the others out. */
    CONCURRENT_CLIENTS,
    /**
     * Handlers open connections of their own ({@link Connection#connect}: a proxy): the model must serve them
     * where the listener runs, which a child process per connection does not.
     */
    OUTBOUND
}
