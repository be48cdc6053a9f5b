package io.wharf.bench;
