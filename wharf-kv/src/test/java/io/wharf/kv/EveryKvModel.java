package io.wharf.kv;

import io.wharf.core.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A test run once under each model that serves kv: the in-process ones (the process model's child has no key space). */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@EnumSource(value = Model.class, names = {"EVENT", "REACTOR", "VIRTUAL", "THREAD", "POOL"})
@interface EveryKvModel {
}
