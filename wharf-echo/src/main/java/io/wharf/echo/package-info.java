package io.wharf.echo;
