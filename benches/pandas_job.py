"""The floor job of examples/floor.rs done with pandas, for comparison (run by hand).

    pip install pandas xlsxwriter
    python3 benches/pandas_job.py orders.csv out.xlsx

Reads the orders, drops the unfinished ones, aggregates per customer, scores recency,
frequency and spend in quintiles, gives tiers by score (5% / 15% / 30% / the rest) and writes
a 12-column customers table. Prints its time.
"""

import sys
import time

import pandas as pd

start = time.perf_counter()
orders = pd.read_csv(sys.argv[1], usecols=["Customer ID", "Order Date", "Amount", "Status"])
orders = orders[orders["Status"].isin(["Completed", "Shipped", "Processed"])]
orders["Order Date"] = pd.to_datetime(orders["Order Date"], format="%Y-%m-%d")
as_of = pd.Timestamp("2026-10-31")
c = orders.groupby("Customer ID").agg(
    orders=("Amount", "size"), spend=("Amount", "sum"), last=("Order Date", "max")
)
c["days"] = (as_of - c["last"]).dt.days
n = len(c)


def quintile(values):
    return (values.rank(method="first") - 1).mul(5).floordiv(n).astype(int) + 1


c["R"] = quintile(-c["days"])
c["F"] = quintile(c["orders"])
c["M"] = quintile(c["spend"])
c["score"] = c["R"] + c["F"] + c["M"]
c = c.sort_values("score", ascending=False, kind="stable")
share = pd.Series(range(n), index=c.index) / n
c["tier"] = pd.cut(share, [-1, 0.05, 0.20, 0.50, 2], right=False,
                   labels=["diamond", "gold", "silver", "ordinary"])
c["rank"] = range(1, n + 1)
c["avg"] = c["spend"] / c["orders"]
c["last"] = c["last"].dt.strftime("%Y-%m-%d")
c.reset_index().to_excel(sys.argv[2], index=False, engine="xlsxwriter")
print(f"{n} customers in {time.perf_counter() - start:.3f} s")
