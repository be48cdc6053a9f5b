package io.wharf.cli;
