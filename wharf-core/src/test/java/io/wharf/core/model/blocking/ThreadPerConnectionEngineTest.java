package io.wharf.core.model.blocking;

import io.wharf.core.Model;

class ThreadPerConnectionEngineTest extends ThreadPerConnectionContract {

    @Override
    Model model() {
        return Model.THREAD;
    }

    @Override
    boolean virtualThreads() {
        return false;
    }
}
