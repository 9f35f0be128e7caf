"""analytics-export-saturates-db: a new export job's long scans saturate the database; the catalog's lookups hit the statement timeout.

Written by the lead, who knows the analyzer: a regression guard, not a blind case."""
import random,datetime as dt
from probe import case_dir, iso, write_case
R=random.Random(41)
base=dt.datetime(2026,8,3,2,0,0)
out=case_dir('analytics-export-saturates-db')
start=base+dt.timedelta(minutes=27,seconds=3)
pg=[];api=[];job=[];bff=[]
def pts(t): return t.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(t.microsecond//1000)+' UTC'
for m in range(0,60,5):
    t=base+dt.timedelta(minutes=m,seconds=R.randint(0,50))
    pg.append((t,'%s [61] LOG:  checkpoint starting: time'%pts(t)))
for m in range(3,60,11):
    t=base+dt.timedelta(minutes=m,seconds=R.randint(0,50))
    pg.append((t,'%s [%d] reporting@shop metabase ERROR:  permission denied for table payroll'%(pts(t),R.randint(3000,9000))))
# export job
job.append((start-dt.timedelta(seconds=2),'%s INFO  export.main - analytics export started: full refresh of events since 2024-01-01 (workers=16)'%pts(start-dt.timedelta(seconds=2))[:-4]))
t=start
k=0
while t<base+dt.timedelta(minutes=58):
    t+=dt.timedelta(seconds=R.uniform(20,40)); k+=1
    job.append((t,'%s INFO  export.worker - chunk %d exported (%d rows)'%(pts(t)[:-4],k,R.randint(400000,900000))))
    pg.append((t,'%s [%d] exporter@shop analytics-export LOG:  duration: %.3f ms  statement: SELECT * FROM events WHERE created_at >= $1 AND created_at < $2 ORDER BY id'%(pts(t),R.randint(3000,9000),R.uniform(25000,60000))))
# api
t=base
while t<base+dt.timedelta(minutes=58):
    t+=dt.timedelta(seconds=R.uniform(0.5,1.5))
    ts=pts(t)[:-4]
    if t>start+dt.timedelta(seconds=45) and R.random()<0.6:
        api.append((t,'%s ERROR [http-nio-8080-exec-%d] c.s.api.ProductController - product lookup failed\norg.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [select * from products where sku = ?]; ERROR: canceling statement due to statement timeout\nCaused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout'%(ts,R.randint(1,50))))
        pg.append((t,'%s [%d] shop@shop catalog-api ERROR:  canceling statement due to statement timeout'%(pts(t),R.randint(3000,9000))))
    else:
        api.append((t,'%s INFO  [http-nio-8080-exec-%d] c.s.api.ProductController - GET /products/%d 200'%(ts,R.randint(1,50),R.randint(1,9999))))
t=base
while t<base+dt.timedelta(minutes=58):
    t+=dt.timedelta(seconds=R.uniform(1,2.5))
    if t>start+dt.timedelta(seconds=46) and R.random()<0.7:
        bff.append((t,'[%s] ERROR web-bff: GET /api/products failed: upstream catalog-api returned 500 (attempt 1/2)'%iso(t)))
        bff.append((t+dt.timedelta(milliseconds=800),'[%s] ERROR web-bff: GET /api/products failed: upstream catalog-api returned 500 (attempt 2/2)'%iso(t+dt.timedelta(milliseconds=800))))
    else:
        bff.append((t,'[%s] INFO web-bff: GET /api/products 200'%iso(t)))
write_case(out, [('shop-db.log',pg),('catalog-api.log',api),('analytics-export.log',job),('web-bff.log',bff)],
           {"source":"generic","service":"web-bff","title":"product pages failing","severity":"critical","fingerprint":"pp","startsAt":iso(start+dt.timedelta(minutes=5)),"labels":{}},
           {"root_cause":{"service":"analytics-export","component":"full refresh export with 16 workers","error_type":None,"file":None},"category":"resource","symptoms":[{"service": "catalog-api", "error_type": "QueryTimeoutException"}, {"service": "web-bff", "error_type": None}],"why":"analytics-export started a full refresh with 16 workers at 02:27, each a 25-60 s scan of events on shop-db; the database is saturated and catalog-api's product lookups hit the statement timeout, which web-bff reports as upstream 500s twice per request. analytics-export itself never fails.","frequency_baseline":{"service":"web-bff","error_type":None}})
