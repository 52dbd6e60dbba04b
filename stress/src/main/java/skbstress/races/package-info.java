/**
 * jcstress tests of the races skb lifetime allows, named {@code <Area>_<NN>_<Scenario>}; deliberately
 * broken variants (canaries, whose tests must fail) start with {@code Broken}. Each test's comment gives
 * the scenario, how to run it alone, and its outcome table in the model's words; the table itself is
 * checked against the model by {@code OutcomeTablesTest}.
 */
package skbstress.races;
