package org.relgrad.data;

import org.junit.jupiter.api.Test;


import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToyDataSourceTest {

    private static List<String> rows(ExampleSource source) {
        return DataTestSupport.keys(DataTestSupport.drain(source.iterator(1000, null)));
    }

    @Test
    void defaultSizeIsSplitIntoDisjointParts() {
        DataSource source = ToyDataSource.parse("moons", 1);
        assertEquals(2, source.dims());
        assertEquals("moons", source.name());
        DataSource.Split split = source.split(0.1, 3);
        List<String> train = rows(split.train());
        List<String> valid = rows(split.validation());
        assertEquals(ToyDataSource.DEFAULT_ROWS, train.size() + valid.size());
        assertEquals(1000, valid.size(), 4 * Math.sqrt(10_000 * 0.1 * 0.9));
        Set<String> all = new HashSet<>(train);
        all.addAll(valid);
        assertEquals(train.size() + valid.size(), all.size());
        // the parts are exactly the generated rows the index hash selects
        RowSplit rowSplit = new RowSplit(0.1, 3);
        List<String> generated = DataTestSupport.keys(DataTestSupport.drain(new InMemoryExampleSource(
                ToyDatasets.generate("moons", ToyDataSource.DEFAULT_ROWS, 1), "g").iterator(10_000, null)));
        for (int i = 0, t = 0; i < generated.size(); i++) {
            if (rowSplit.isTrain(i)) {
                assertEquals(generated.get(i), train.get(t++));
            }
        }
    }

    @Test
    void sizeOptionAndEvaluationSample() {
        DataSource source = ToyDataSource.parse("rings?n=500", 7);
        ExampleSource evaluation = source.evaluation();
        List<String> eval = rows(evaluation);
        assertEquals(500, eval.size());
        assertEquals("rings (fresh sample)", evaluation.describe());
        DataSource.Split split = source.split(0.2, 0);
        Set<String> seen = new HashSet<>(rows(split.train()));
        seen.addAll(rows(split.validation()));
        assertEquals(500, seen.size());
        for (String row : eval) {
            assertTrue(!seen.contains(row), "evaluation row also in the training data: " + row);
        }
    }

    @Test
    void deterministicInTheSeed() {
        assertEquals(rows(ToyDataSource.parse("sine?n=300", 4).split(0.3, 1).train()),
                rows(ToyDataSource.parse("sine?n=300", 4).split(0.3, 1).train()));
        assertEquals(rows(ToyDataSource.parse("sine?n=300", 4).evaluation()),
                rows(ToyDataSource.parse("sine?n=300", 4).evaluation()));
        assertNotEquals(rows(ToyDataSource.parse("sine?n=300", 4).evaluation()),
                rows(ToyDataSource.parse("sine?n=300", 5).evaluation()));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToyDataSource.parse("banana", 0));
        assertTrue(e.getMessage().contains("'banana'"), e.getMessage());
        for (String name : ToyDatasets.NAMES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ToyDataSource.parse("moons?n=0", 0));
        assertThrows(IllegalArgumentException.class, () -> ToyDataSource.parse("moons?n=many", 0));
        assertThrows(IllegalArgumentException.class, () -> ToyDataSource.parse("moons?rows=10", 0));
    }

    @Test
    void aSplitThatLeavesAPartEmptyIsRejected() {
        DataSource source = ToyDataSource.parse("moons?n=3", 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source.split(1e-6, 0));
        assertTrue(e.getMessage().contains("validation part empty"), e.getMessage());
    }
}
