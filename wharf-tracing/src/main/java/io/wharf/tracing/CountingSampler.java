package io.wharf.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

import java.util.List;

/**
 * The configured sampler, counting: the SDK asks it once for every span started, sampled or not, which no
 * span processor sees (an unsampled span reaches none).
 *
 * <p>Threading: thread-safe, as the sampler it wraps.
 */
final class CountingSampler implements Sampler {

    private final Sampler delegate;
    private final SpanCounters counters;

    CountingSampler(Sampler delegate, SpanCounters counters) {
        this.delegate = delegate;
        this.counters = counters;
    }

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                                       Attributes attributes, List<LinkData> links) {
        SamplingResult r = delegate.shouldSample(parent, traceId, name, kind, attributes, links);
        counters.started.increment();
        if (r.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
            counters.sampled.increment();
        }
        return r;
    }

    @Override
    public String getDescription() {
        return delegate.getDescription();
    }
}
