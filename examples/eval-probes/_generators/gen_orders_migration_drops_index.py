"""orders-migration-drops-index: a Flyway migration drops the index the order-history query needs; statement timeouts in orders-api, read timeouts in storefront.

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(23)
base=dt.datetime(2026,5,6,9,20,0)
out=case_dir('orders-migration-drops-index')
mig=base+dt.timedelta(minutes=31,seconds=4)
pg=[];api=[];sf=[];mg=[];ng=[]
def P(t,pid,user,db,app,lvl,msg): pg.append((t,'%s UTC [%d] %s@%s %s %s:  %s'%(t.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(t.microsecond//1000),pid,user,db,app,lvl,msg)))
# postgres noise: checkpoints, autovacuum, a recurring duplicate key from another app
for m in range(0,60,5):
    t=base+dt.timedelta(minutes=m,seconds=R.randint(0,59))
    P(t,61,'','', '', 'LOG','checkpoint starting: time')
    P(t+dt.timedelta(seconds=30),61,'','','','LOG','checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added'%(R.randint(100,900),R.uniform(0.5,4)))
for m in range(1,60,7):
    t=base+dt.timedelta(minutes=m,seconds=R.randint(0,59))
    P(t,R.randint(2000,9000),'loyalty','shop','loyalty-sync','ERROR','duplicate key value violates unique constraint "points_ledger_pkey"')
# migration job (flyway, logback-ish)
t=mig-dt.timedelta(seconds=6)
mg.append((t,'%s INFO  o.f.c.i.c.DbMigrate - Current version of schema "public": 41'%t.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]))
t=mig-dt.timedelta(seconds=5)
mg.append((t,'%s INFO  o.f.c.i.c.DbMigrate - Migrating schema "public" to version "42 - tidy legacy indexes"'%t.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]))
t=mig-dt.timedelta(seconds=4)
pass
P(mig-dt.timedelta(seconds=4),7781,'migrator','shop','flyway','LOG','statement: DROP INDEX IF EXISTS idx_orders_customer_id')
t=mig
mg.append((t,'%s INFO  o.f.c.i.c.DbMigrate - Successfully applied 1 migration to schema "public", now at version v42 (execution time 00:04.118s)'%t.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]))
# orders-api spring
t=base
while t<base+dt.timedelta(minutes=58):
    t+=dt.timedelta(seconds=R.uniform(0.8,2.5))
    ts=t.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(t.microsecond//1000)
    th='http-nio-8080-exec-%d'%R.randint(1,40)
    cust=R.randint(10000,99999)
    if t<mig+dt.timedelta(seconds=40):
        api.append((t,'%s INFO  [%s] c.s.orders.OrderHistoryController - GET /v1/customers/%d/orders 200 %dms'%(ts,th,cust,R.randint(8,40))))
    else:
        if R.random()<0.8:
            te=t+dt.timedelta(seconds=5); ts2=te.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(te.microsecond//1000)
            api.append((te,'%s ERROR [%s] o.a.c.c.C.[.[.[/].[dispatcherServlet] - Servlet.service() for servlet [dispatcherServlet] threw exception\norg.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [select o.* from orders o where o.customer_id = ? order by o.created_at desc limit 20]; ERROR: canceling statement due to statement timeout\n\tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:105)\n\tat com.shop.orders.OrderRepository.history(OrderRepository.java:44)\nCaused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)\n\t... 61 common frames omitted'%(ts2,th)))
            P(te,R.randint(2000,9000),'orders','shop','orders-api','ERROR','canceling statement due to statement timeout')
            pg.append((te,'%s UTC [%d] orders@shop orders-api STATEMENT:  select o.* from orders o where o.customer_id = $1 order by o.created_at desc limit 20'%(te.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(te.microsecond//1000),R.randint(2000,9000))))
        else:
            te=t+dt.timedelta(seconds=R.uniform(2,4.9)); ts2=te.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(te.microsecond//1000)
            api.append((te,'%s INFO  [%s] c.s.orders.OrderHistoryController - GET /v1/customers/%d/orders 200 %dms'%(ts2,th,cust,int((te-t).total_seconds()*1000))))
            P(te,R.randint(2000,9000),'orders','shop','orders-api','LOG','duration: %.3f ms  execute S_3: select o.* from orders o where o.customer_id = $1 order by o.created_at desc limit 20'%((te-t).total_seconds()*1000))
    if R.random()<0.01:
        api.append((t,'%s WARN  [%s] c.z.hikari.pool.HikariPool - HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m2s).'%(ts,th)))
# storefront (python) calls orders-api with 3s timeout and one retry
t=base
while t<base+dt.timedelta(minutes=58):
    t+=dt.timedelta(seconds=R.uniform(1.5,4))
    ts=t.strftime('%Y-%m-%d %H:%M:%S,')+'%03d'%(t.microsecond//1000)
    if t<mig+dt.timedelta(seconds=40):
        sf.append((t,'%s INFO storefront.views: rendered /account/orders in %dms'%(ts,R.randint(40,120))))
    else:
        for a in range(2):
            te=t+dt.timedelta(seconds=3*(a+1)); ts2=te.strftime('%Y-%m-%d %H:%M:%S,')+'%03d'%(te.microsecond//1000)
            sf.append((te,'%s ERROR storefront.clients.orders: order history fetch failed (attempt %d/2)\nTraceback (most recent call last):\n  File "/app/storefront/clients/orders.py", line 52, in history\n    r = self.session.get(url, timeout=3)\n  File "/usr/local/lib/python3.11/site-packages/requests/adapters.py", line 713, in send\n    raise ReadTimeout(e, request=request)\nrequests.exceptions.ReadTimeout: HTTPConnectionPool(host=\'orders-api.shop.svc\', port=8080): Read timed out. (read timeout=3)'%(ts2,a+1)))
    if R.random()<0.015:
        sf.append((t,'%s WARNING storefront.cache: cache miss storm on key=nav:menu (%d misses/s)'%(ts,R.randint(20,60))))
write_case(out, [('orders-db.log',pg),('orders-api.log',api),('storefront.log',sf),('orders-migrate.log',mg)],
           {"source":"generic","service":"storefront","title":"account pages failing","severity":"critical","fingerprint":"sfa","startsAt":iso(mig+dt.timedelta(minutes=5)),"labels":{}},
           {"root_cause":{"service":"orders-migrate","component":"V42 migration drops idx_orders_customer_id","error_type":None,"file":None},"category":"deploy","symptoms":[{"service": "orders-api", "error_type": "QueryTimeoutException"}, {"service": "storefront", "error_type": "ReadTimeout"}],"why":"The V42 migration run by orders-migrate dropped idx_orders_customer_id (the database logged the DROP INDEX); orders-api's order-history query on orders.customer_id then scans the table and hits the statement timeout, and storefront's reads time out twice per page.","frequency_baseline":{"service":"storefront","error_type":"ReadTimeout"}})
