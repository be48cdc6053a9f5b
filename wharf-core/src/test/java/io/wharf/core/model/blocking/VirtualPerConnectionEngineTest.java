package io.wharf.core.model.blocking;

import io.wharf.core.Model;

class VirtualPerConnectionEngineTest extends ThreadPerConnectionContract {

    @Override
    Model model() {
        return Model.VIRTUAL;
    }

    @Override
    boolean virtualThreads() {
        return true;
    }
}
