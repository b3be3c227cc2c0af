package io.sagaplatform.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void aClusterIdIsSixteenBytesOfUrlSafeBase64ThatTheStorageToolCannotMistakeForAnOption() {
        // one random id in 64 starts with '-': among 5,000 several would, unless the generator draws again
        IntStream.range(0, 5_000).mapToObj(i -> KafkaBroker.clusterId()).forEach(id -> {
            assertThat(id).doesNotStartWith("-").hasSize(22);
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        });
    }
}
